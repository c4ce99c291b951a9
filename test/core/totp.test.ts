import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "../../workers/core/auth/recovery-codes";
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep, TOTP_STEP_SECONDS } from "../../workers/core/auth/totp";

const RFC_SECRET = new TextEncoder().encode("12345678901234567890");

describe("TOTP (RFC 6238)", () => {
  // RFC 6238 Appendix B, the SHA-1 rows (8 digits).
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [seconds, code] of vectors)
    it(`gives ${code} at T=${seconds}`, async () => {
      expect(await totpCode(RFC_SECRET, new Date(seconds * 1000), 8)).toBe(code);
    });

  it("gives the RFC 4226 Appendix D HOTP values", async () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    for (const [counter, code] of expected.entries()) expect(await hotp(RFC_SECRET, counter)).toBe(code);
  });

  it("round-trips base32 (RFC 4648 §10) and refuses other characters", () => {
    expect(base32Encode(new TextEncoder().encode("foobar"))).toBe("MZXW6YTBOI");
    expect(new TextDecoder().decode(base32Decode("mzxw6ytboi======")!)).toBe("foobar");
    expect(base32Decode("MZXW1")).toBeNull();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }));
  });

  it("accepts a code within one step either way, never outside, never at or before the last used step", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 10, maxLength: 32 }), fc.integer({ min: 1e9, max: 4e9 }), fc.integer({ min: -3, max: 3 }), async (key, seconds, drift) => {
        const secret = base32Encode(key);
        const now = new Date(seconds * 1000);
        const codeAt = new Date(now.getTime() + drift * TOTP_STEP_SECONDS * 1000);
        const code = await totpCode(key, codeAt);
        const step = totpStep(codeAt);
        const matched = await matchTotp(secret, code, now, null);
        // Another step of the window can carry the same 6 digits by chance (1 in a million).
        if (Math.abs(drift) <= 1) expect(matched).toBe(step);
        else if (matched !== null) expect(await totpCode(key, new Date(matched * TOTP_STEP_SECONDS * 1000))).toBe(code);
        // Replay: the step already used (or a later one) makes the same code worthless.
        if (Math.abs(drift) <= 1) expect(await matchTotp(secret, code, now, step)).toBeNull();
      }),
      { numRuns: 60 },
    );
  });

  it("refuses malformed codes and secrets", async () => {
    const secret = base32Encode(RFC_SECRET);
    expect(await matchTotp(secret, "12345", new Date(), null)).toBeNull();
    expect(await matchTotp(secret, "abcdef", new Date(), null)).toBeNull();
    expect(await matchTotp("not base32!", "123456", new Date(), null)).toBeNull();
  });

  it("writes the otpauth URI authenticator apps read", () => {
    const uri = new URL(otpauthUri("Kefu Acme Tea", "li@acme.example", "JBSWY3DPEHPK3PXP"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Kefu Acme Tea:li@acme.example");
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: "JBSWY3DPEHPK3PXP", issuer: "Kefu Acme Tea", algorithm: "SHA1", digits: "6", period: "30" });
  });
});

describe("recovery codes", () => {
  it("makes ten distinct codes that normalise however they are typed", async () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(normalizeRecoveryCode(` ${code.toUpperCase().replaceAll("-", " ")} `)).toBe(code.replaceAll("-", ""));
    }
    expect(normalizeRecoveryCode("123456")).toBeNull();
    expect(await hashRecoveryCode("abcd")).not.toContain("abcd");
  });
});

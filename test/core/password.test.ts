import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  hashPassword,
  parsePasswordHash,
  PASSWORD_ITERATIONS,
  PBKDF2_MAX_ITERATIONS,
  verifyPassword,
} from "../../workers/core/auth/password";

/** Production Workers refuse PBKDF2 above this many iterations (local workerd has no cap). */
const WORKERS_PBKDF2_CAP = 100_000;
/** Fewer iterations for the property runs: the parameter is stored in the hash, so behaviour is the same. */
const FAST = 1_000;
const HASH_FORMAT = /^pbkdf2-sha256\$(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

describe("password hashing: production limits", () => {
  it("uses an iteration count production Workers accept (<= 100,000)", () => {
    expect(PASSWORD_ITERATIONS).toBeLessThanOrEqual(WORKERS_PBKDF2_CAP);
    expect(PBKDF2_MAX_ITERATIONS).toBeLessThanOrEqual(WORKERS_PBKDF2_CAP);
    expect(PASSWORD_ITERATIONS).toBeGreaterThan(0);
  });

  it("a freshly made hash names its algorithm and parameters, with at most 100,000 iterations", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const match = HASH_FORMAT.exec(stored);
    expect(match, stored).not.toBeNull();
    const iterations = Number(match![1]);
    expect(iterations).toBe(PASSWORD_ITERATIONS);
    expect(iterations).toBeLessThanOrEqual(WORKERS_PBKDF2_CAP);

    const parsed = parsePasswordHash(stored)!;
    expect(parsed.algorithm).toBe("pbkdf2-sha256");
    expect(parsed.iterations).toBe(PASSWORD_ITERATIONS);
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32); // SHA-256 output
  });

  it("a hash made with the default cost verifies the right password and only it", async () => {
    const stored = await hashPassword("s3cret-密码-🔑");
    expect(await verifyPassword("s3cret-密码-🔑", stored)).toBe(true);
    expect(await verifyPassword("s3cret-密码-🔑 ", stored)).toBe(false);
    expect(await verifyPassword("S3cret-密码-🔑", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash: the same password hashes differently each time, and both verify", async () => {
    const a = await hashPassword("same password", FAST);
    const b = await hashPassword("same password", FAST);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)!.salt).not.toEqual(parsePasswordHash(b)!.salt);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });
});

describe("password hashing: properties (reduced cost)", () => {
  it("hash then verify accepts the password and rejects any other", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), async (password, other) => {
        fc.pre(password !== other);
        const stored = await hashPassword(password, FAST);
        expect(parsePasswordHash(stored)!.iterations).toBe(FAST);
        expect(await verifyPassword(password, stored)).toBe(true);
        expect(await verifyPassword(other, stored)).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});

describe("parsePasswordHash / verifyPassword with malformed stored values", () => {
  const salt = btoa("0123456789abcdef");
  const hash = btoa("0123456789abcdef0123456789abcdef");

  it("accepts a well-formed value", () => {
    expect(parsePasswordHash(`pbkdf2-sha256$1000$${salt}$${hash}`)).toMatchObject({ algorithm: "pbkdf2-sha256", iterations: 1000 });
    expect(parsePasswordHash(`pbkdf2-sha256$100000$${salt}$${hash}`)?.iterations).toBe(100_000);
  });

  it.each([
    ["empty", ""],
    ["plain text", "hunter2"],
    ["other algorithm", `pbkdf2-sha512$1000$${salt}$${hash}`],
    ["bcrypt", "$2b$10$abcdefghijklmnopqrstuv"],
    ["zero iterations", `pbkdf2-sha256$0$${salt}$${hash}`],
    ["negative iterations", `pbkdf2-sha256$-5$${salt}$${hash}`],
    ["fractional iterations", `pbkdf2-sha256$1.5$${salt}$${hash}`],
    ["non-numeric iterations", `pbkdf2-sha256$many$${salt}$${hash}`],
    ["missing iterations", `pbkdf2-sha256$$${salt}$${hash}`],
    ["missing salt", `pbkdf2-sha256$1000$$${hash}`],
    ["missing hash", `pbkdf2-sha256$1000$${salt}$`],
    ["only three parts", `pbkdf2-sha256$1000$${salt}`],
    ["over the Workers cap by one", `pbkdf2-sha256$100001$${salt}$${hash}`],
    ["far over the Workers cap", `pbkdf2-sha256$600000$${salt}$${hash}`],
  ])("rejects %s", async (_label, stored) => {
    expect(parsePasswordHash(stored)).toBeNull();
    expect(await verifyPassword("anything", stored)).toBe(false);
  });

  it("rejects every iteration count above the production cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: WORKERS_PBKDF2_CAP + 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parsePasswordHash(`pbkdf2-sha256$${n}$${salt}$${hash}`)).toBeNull();
      }),
    );
  });

  // A stored value whose salt or hash is not base64 (a corrupted or hand-edited row) is malformed:
  // it must be rejected like the others, so that login answers "wrong credentials", not a 500.
  it("rejects a value whose salt or hash is not base64 (null / false, not an exception)", async () => {
    for (const stored of [`pbkdf2-sha256$1000$!!not-base64!!$${hash}`, `pbkdf2-sha256$1000$${salt}$@@@`]) {
      expect(() => parsePasswordHash(stored), stored).not.toThrow();
      expect(parsePasswordHash(stored), stored).toBeNull();
      await expect(verifyPassword("anything", stored), stored).resolves.toBe(false);
    }
  });

  it("never accepts an over-cap or non-positive count, whatever the input", () => {
    const structured = fc
      .tuple(fc.constantFrom("pbkdf2-sha256", "pbkdf2-sha512", ""), fc.oneof(fc.integer(), fc.double(), fc.string()), fc.base64String(), fc.base64String())
      .map((parts) => parts.join("$"));
    fc.assert(
      fc.property(fc.oneof(structured, fc.string({ unit: "binary" })), (stored) => {
        const parsed = parsePasswordHash(stored);
        if (parsed) {
          expect(parsed.algorithm).toBe("pbkdf2-sha256");
          expect(parsed.iterations).toBeGreaterThanOrEqual(1);
          expect(parsed.iterations).toBeLessThanOrEqual(WORKERS_PBKDF2_CAP);
        }
      }),
    );
  });
});

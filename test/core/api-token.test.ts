import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateApiToken, hashApiToken, parseApiToken } from "../../workers/core/auth/api-token";

const FORMAT = /^kefu_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/;
const prefixArb = fc.stringMatching(/^[a-z0-9]{12}$/);
const secretArb = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

describe("generateApiToken", () => {
  it("makes tokens in the documented format whose prefix parses back and whose hash is a SHA-256 of the token", async () => {
    for (let i = 0; i < 20; i++) {
      const { token, prefix, secretHash } = await generateApiToken();
      expect(token).toMatch(FORMAT);
      expect(token.startsWith(`kefu_${prefix}_`)).toBe(true);
      expect(parseApiToken(token)).toEqual({ prefix });
      expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
      expect(secretHash).toBe(await hashApiToken(token));
      expect(secretHash).not.toContain(token.slice(`kefu_${prefix}_`.length)); // the secret itself may contain "_"
    }
  });

  it("never repeats a token or a prefix", async () => {
    const made = await Promise.all(Array.from({ length: 200 }, () => generateApiToken()));
    expect(new Set(made.map((t) => t.token)).size).toBe(200);
    expect(new Set(made.map((t) => t.prefix)).size).toBe(200);
  });

  it("hashes differ for tokens that differ in one character", async () => {
    const { token } = await generateApiToken();
    const other = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(await hashApiToken(other)).not.toBe(await hashApiToken(token));
  });
});

describe("parseApiToken", () => {
  it("round-trips any prefix and secret of the right shape (property)", () => {
    fc.assert(
      fc.property(prefixArb, secretArb, (prefix, secret) => {
        expect(parseApiToken(`kefu_${prefix}_${secret}`)).toEqual({ prefix });
      }),
    );
  });

  it.each([
    ["empty", ""],
    ["only the marker", "kefu_"],
    ["a session JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"],
    ["Bearer prefix left in", `Bearer kefu_abcdefghijkl_${"a".repeat(43)}`],
    ["upper-case prefix", `kefu_ABCDEFGHIJKL_${"a".repeat(43)}`],
    ["prefix too short", `kefu_abcdefghijk_${"a".repeat(43)}`],
    ["prefix too long", `kefu_abcdefghijklm_${"a".repeat(43)}`],
    ["secret too short", `kefu_abcdefghijkl_${"a".repeat(42)}`],
    ["secret too long", `kefu_abcdefghijkl_${"a".repeat(44)}`],
    ["standard base64 characters", `kefu_abcdefghijkl_${"a+/".repeat(14)}a`],
    ["wrong marker", `kefo_abcdefghijkl_${"a".repeat(43)}`],
    ["trailing newline", `kefu_abcdefghijkl_${"a".repeat(43)}\n`],
    ["leading space", ` kefu_abcdefghijkl_${"a".repeat(43)}`],
  ])("rejects %s", (_label, token) => {
    expect(parseApiToken(token)).toBeNull();
  });

  it("rejects any string that is not in the token format (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        fc.pre(!FORMAT.test(text));
        expect(parseApiToken(text)).toBeNull();
      }),
    );
  });

  it("rejects a real token with one character added or removed anywhere (property)", async () => {
    const { token } = await generateApiToken();
    fc.assert(
      fc.property(fc.nat({ max: token.length }), fc.constantFrom("a", "_", "-", "0", " "), (at, ch) => {
        expect(parseApiToken(token.slice(0, at) + ch + token.slice(at))).toBeNull();
        if (at < token.length) expect(parseApiToken(token.slice(0, at) + token.slice(at + 1))).toBeNull();
      }),
    );
  });
});

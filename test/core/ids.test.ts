import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newId, randomSecret, sha256Hex, toBase64Url } from "../../workers/core/ids";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const ID = /^([a-z]+)_([0-9a-hjkmnp-tv-z]{26})$/;
const MAX_TIME = 2 ** 48 - 1; // 48 bits of milliseconds: until the year 10889
const decodeTime = (id: string) => [...ID.exec(id)![2]!.slice(0, 10)].reduce((t, c) => t * 32 + ALPHABET.indexOf(c), 0);

describe("newId", () => {
  it("starts with its prefix and has a fixed-length Crockford base32 body", () => {
    for (const prefix of ["tkt", "msg", "cus", "usr"]) {
      const id = newId(prefix);
      expect(id).toMatch(ID);
      expect(id.startsWith(`${prefix}_`)).toBe(true);
    }
  });

  it("carries its creation time", () => {
    const now = Date.UTC(2026, 10, 20, 10, 0, 0, 123);
    expect(decodeTime(newId("tkt", now))).toBe(now);
    const before = Date.now();
    const time = decodeTime(newId("tkt"));
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it("never repeats, even for ids made in the same millisecond", () => {
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, () => newId("tkt", now));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sorts ids made later after ids made earlier (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TIME }), fc.integer({ min: 0, max: MAX_TIME }), fc.constantFrom("tkt", "msg"), (a, b, prefix) => {
        fc.pre(a !== b);
        const [early, late] = a < b ? [a, b] : [b, a];
        expect(newId(prefix, early) < newId(prefix, late)).toBe(true);
      }),
    );
  });

  it("sorts ids one millisecond apart in creation order", () => {
    const now = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 100; i++) expect(newId("msg", now + i) < newId("msg", now + i + 1)).toBe(true);
  });

  it("round-trips the time for any millisecond in range (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_TIME }), (t) => {
        expect(decodeTime(newId("tkt", t))).toBe(t);
      }),
    );
  });
});

describe("randomSecret and helpers", () => {
  it("gives URL-safe base64 of the requested number of random bytes", () => {
    const secret = randomSecret(32);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomSecret(32)).not.toBe(secret);
  });

  it("toBase64Url round-trips any bytes and is URL-safe (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        const back = Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));
        expect(back).toEqual(bytes);
      }),
    );
  });

  it("sha256Hex matches the standard test vectors", async () => {
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

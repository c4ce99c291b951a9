import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets, SECRET_KEY } from "../../workers/core/audit/redact";

const secretKey = fc.constantFrom("secret", "token", "password", "acceptUrl", "webhookSecret", "apiToken", "TOKEN", "newPassword", "acceptURL", "secretHint");
const plainKey = fc.string({ maxLength: 12 }).filter((k) => !SECRET_KEY.test(k));
const key = fc.oneof(secretKey, plainKey, fc.constant("__proto__"));
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 }),
  ),
})).value;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Walks original and redacted side by side: same shape; under a secret key only "[redacted]" or an object; elsewhere leaves unchanged. */
function check(original: unknown, redacted: unknown, underSecretKey: boolean) {
  if (underSecretKey && !isObject(original)) return expect(redacted).toBe(REDACTED);
  if (Array.isArray(original)) {
    expect(Array.isArray(redacted)).toBe(true);
    expect((redacted as unknown[]).length).toBe(original.length);
    return original.forEach((item, i) => check(item, (redacted as unknown[])[i], false));
  }
  if (isObject(original)) {
    expect(isObject(redacted)).toBe(true);
    expect(Object.keys(redacted as object)).toEqual(Object.keys(original));
    return Object.keys(original).forEach((k) => check(original[k], Object.getOwnPropertyDescriptor(redacted, k)?.value, SECRET_KEY.test(k)));
  }
  expect(redacted).toBe(original);
}

describe("redactSecrets", () => {
  it("redacts a created API token, a webhook secret and an invitation link, keeping names, prefixes and hints of nothing else", () => {
    expect(redactSecrets({ token: "kefu_ab12cd34ef56_s3cr3t", apiToken: { id: "tok_1", name: "CI", prefix: "ab12cd34ef56" } })).toEqual({
      token: REDACTED,
      apiToken: { id: "tok_1", name: "CI", prefix: "ab12cd34ef56" },
    });
    expect(redactSecrets({ webhook: { id: "whk_1", url: "https://hooks.example.com/x", secretHint: "whsec_…abcd" }, secret: "whsec_xyz" })).toEqual({
      webhook: { id: "whk_1", url: "https://hooks.example.com/x", secretHint: REDACTED },
      secret: REDACTED,
    });
    expect(redactSecrets({ invitation: { email: "a@b.example" }, acceptUrl: "https://app/accept?token=abc" })).toEqual({ invitation: { email: "a@b.example" }, acceptUrl: REDACTED });
    expect(redactSecrets([{ password: ["a", "b"] }, null, 3])).toEqual([{ password: REDACTED }, null, 3]);
  });

  it("leaves nothing under a secret-like key at any depth, and every other value as it was", () => {
    fc.assert(
      fc.property(json, (value) => {
        const redacted = redactSecrets(value);
        check(value, redacted, false);
      }),
      { numRuns: 500 },
    );
  });

  it("does not change its input", () => {
    fc.assert(
      fc.property(json, (value) => {
        const copy = structuredClone(value);
        redactSecrets(value);
        expect(value).toEqual(copy);
      }),
    );
  });
});


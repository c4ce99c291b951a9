import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors } from "../../workers/api/problem";
import { zodIssueText, ZOD_ISSUE_CODES, type FieldErrorInput } from "../../web/src/field-error-text";

const LOCALES = ["en", "zh-CN"] as const;
/** Validator wording that must never reach a user. */
const RAW = /Too small:|Too big:|expected |received |Invalid input|>=|<=|see `errors`/;
const HAN = /\p{Script=Han}/u;

const paramsArb = fc.record(
  {
    origin: fc.constantFrom("string", "number", "int", "bigint", "array", "set", "date", "file", "other"),
    minimum: fc.integer({ min: -5, max: 1000 }),
    maximum: fc.integer({ min: -5, max: 1000 }),
    inclusive: fc.boolean(),
    format: fc.constantFrom("email", "url", "date", "datetime", "time", "uuid", "regex", "cuid", "weird"),
    expected: fc.constantFrom("string", "number", "int", "boolean", "object", "array"),
  },
  { requiredKeys: [] },
);
const fieldArb = fc.constantFrom("slug", "name", "weekly.1.0.start", "tags.2", "requester.email", "x");

describe("field error wording", () => {
  it("words every zod issue code in both languages, from any params, without validator text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZOD_ISSUE_CODES), fc.constantFrom(...LOCALES), fieldArb, paramsArb, (code, locale, field, params) => {
        const text = zodIssueText(locale, { field, code, message: "Too small: expected string to have >=1 characters", params });
        expect(text).toBeTruthy();
        expect(text).not.toMatch(RAW);
        if (locale === "zh-CN") expect(text).toMatch(HAN);
        else expect(text).not.toMatch(HAN);
      }),
    );
  });

  it("names the limit that was missed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.constantFrom(...LOCALES), (n, locale) => {
        expect(zodIssueText(locale, { field: "password", code: "too_small", message: "", params: { origin: "string", minimum: n } })).toContain(String(n));
        expect(zodIssueText(locale, { field: "name", code: "too_big", message: "", params: { origin: "string", maximum: n } })).toContain(String(n));
        expect(zodIssueText(locale, { field: "minutes", code: "too_small", message: "", params: { origin: "number", minimum: n } })).toContain(String(n));
      }),
    );
  });

  it("a blank required text is 'Required' / '必填'", () => {
    const blank: FieldErrorInput = { field: "tenantName", code: "too_small", message: "Too small: expected string to have >=1 characters", params: { origin: "string", minimum: 1 } };
    expect(zodIssueText("en", blank)).toBe("Required.");
    expect(zodIssueText("zh-CN", blank)).toBe("必填。");
  });

  it("a field with its own pattern gets its own words; known formats win over the field's", () => {
    expect(zodIssueText("en", { field: "slug", code: "invalid_format", message: "", params: { format: "regex" } })).toMatch(/3–40 characters/);
    expect(zodIssueText("zh-CN", { field: "weekly.1.0.start", code: "invalid_format", message: "", params: { format: "regex" } })).toMatch(/HH:MM/);
    expect(zodIssueText("en", { field: "email", code: "invalid_format", message: "", params: { format: "email" } })).toMatch(/email address/);
  });

  it("leaves Kefu's own codes to the code table (undefined), and English `custom` to the API's authored text", () => {
    expect(zodIssueText("en", { field: "slug", code: "slug_taken", message: "taken" })).toBeUndefined();
    expect(zodIssueText("en", { field: "emails", code: "custom", message: "Addresses must be different" })).toBeUndefined();
    expect(zodIssueText("zh-CN", { field: "emails", code: "custom", message: "Addresses must be different" })).toMatch(HAN);
  });

  it("the API's field errors carry the params the wording needs, for real zod failures", () => {
    const schema = z.object({ name: z.string().min(1), password: z.string().min(10), email: z.email(), count: z.number().int().positive().max(5), list: z.array(z.string()).min(1) }).strict();
    const result = schema.safeParse({ name: "", password: "short", email: "nope", count: 9, list: [], extra: 1 });
    expect(result.success).toBe(false);
    const errors = fieldErrors("json", result.error!);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "body.name", code: "too_small", message: expect.any(String), params: { origin: "string", minimum: 1 } },
        { field: "body.password", code: "too_small", message: expect.any(String), params: { origin: "string", minimum: 10 } },
        { field: "body.email", code: "invalid_format", message: expect.any(String), params: { origin: "string", format: "email" } },
        { field: "body.count", code: "too_big", message: expect.any(String), params: { origin: "number", maximum: 5 } },
        { field: "body.list", code: "too_small", message: expect.any(String), params: { origin: "array", minimum: 1 } },
        { field: "body", code: "unrecognized_keys", message: expect.any(String) },
      ]),
    );
    for (const locale of LOCALES)
      for (const error of errors) {
        const text = zodIssueText(locale, { ...error, field: error.field.replace(/^body\.?/, "") });
        expect(text, `${locale} ${error.code}`).toBeTruthy();
        expect(text).not.toMatch(RAW);
      }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { differingFields, editsOf, ifMatchOf, sameValue } from "../../web/src/versioning";
import { etagOf, expectedVersion } from "../../workers/api/schemas/versioning";

/** A settings form's fields as the API returns them: text, flags, nullable ids, lists and nested objects. */
const FIELDS = ["name", "active", "groupId", "holidays", "targets"] as const;
const resourceArb = fc.record({
  name: fc.constantFrom("Help", "帮助", ""),
  active: fc.boolean(),
  groupId: fc.constantFrom(null, "grp_1", "grp_2"),
  holidays: fc.constantFrom([], ["2026-10-01"], ["2026-10-01", "2026-10-02"]),
  targets: fc.constantFrom({}, { normal: { first_reply: { minutes: 60 } } }, { normal: { first_reply: { minutes: 30 } } }),
  updatedAt: fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
});

describe("versions in the app", () => {
  it("the If-Match the app sends is the ETag the API gives, and the API reads back the same instant", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), (updatedAt) => {
        const ifMatch = ifMatchOf({ updatedAt: updatedAt.toISOString() });
        expect(ifMatch).toBe(etagOf({ updatedAt }));
        expect(expectedVersion(ifMatch)?.getTime()).toBe(updatedAt.getTime());
        expect(expectedVersion(`W/${ifMatch}`)?.getTime()).toBe(updatedAt.getTime());
      }),
    );
    expect(expectedVersion("*")).toBeUndefined();
    expect(expectedVersion(undefined)).toBeUndefined();
  });

  it("the fields someone else changed are exactly those whose values differ (lists and objects by value)", () => {
    fc.assert(
      fc.property(resourceArb, resourceArb, (read, current) => {
        expect(differingFields(read, read, FIELDS)).toEqual([]);
        expect(differingFields(read, structuredClone(read), FIELDS)).toEqual([]);
        const theirs = differingFields(read, current, FIELDS);
        for (const field of FIELDS) expect(theirs.includes(field)).toBe(JSON.stringify(read[field]) !== JSON.stringify(current[field]));
        expect(differingFields(read, current, FIELDS)).toEqual(differingFields(current, read, FIELDS));
      }),
    );
  });

  it("the user's edits are the patch's entries that differ from the read: a form nobody touched re-sends nothing, and the edits on top of the read give the patch", () => {
    fc.assert(
      fc.property(resourceArb, resourceArb, fc.subarray([...FIELDS]), (read, form, sent) => {
        const { updatedAt: _version, ...untouched } = read;
        expect(editsOf(read, untouched)).toEqual({});
        const patch = Object.fromEntries(sent.map((field) => [field, form[field]]));
        const edits = editsOf(read, patch);
        for (const [field, value] of Object.entries(edits)) expect(sameValue(value, read[field as keyof typeof read])).toBe(false);
        const applied = { ...read, ...edits } as Record<string, unknown>;
        for (const field of sent) expect(sameValue(applied[field], form[field])).toBe(true);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addressesIn } from "../../web/src/pages/agent/address-list";

describe("addressesIn (the composer's Cc and Bcc fields)", () => {
  it("splits on commas, semicolons and spaces of either width", () => {
    expect(addressesIn(" Boss@Example.com, mei@example.com；li@example.com ，li@example.com\tops@example.org;")).toEqual(["boss@example.com", "mei@example.com", "li@example.com", "ops@example.org"]);
    expect(addressesIn(" ,; ")).toEqual([]);
  });

  it("gives back every address of a list however it is joined, once, lower case (property)", () => {
    const local = fc.stringMatching(/^[A-Za-z0-9._-]{1,10}$/);
    const address = fc.tuple(local, fc.constantFrom("example.com", "Example.ORG", "kefu.localhost")).map(([l, d]) => `${l}@${d}`);
    const separator = fc.constantFrom(",", ";", " ", "，", "；", ", ", " ;\n");
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 6 }), separator, (list, sep) => {
        expect(addressesIn(list.join(sep))).toEqual([...new Set(list.map((a) => a.toLowerCase()))]);
      }),
    );
  });
});

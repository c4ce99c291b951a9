import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signed } from "../../web/src/pages/profile/signature";

describe("a reply's signature", () => {
  it("goes once under the body after the separator line, and an empty one adds nothing", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (body, signature) => {
        const result = signed(body, signature);
        if (!signature.trim()) expect(result).toBe(body);
        else {
          expect(result.startsWith(body.trimEnd())).toBe(true);
          expect(result.endsWith(`\n\n-- \n${signature.trim()}`)).toBe(true);
        }
      }),
    );
    expect(signed("Thanks, it is on its way.\n", "Li Na\nAcme Tea")).toBe("Thanks, it is on its way.\n\n-- \nLi Na\nAcme Tea");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyRecipients } from "../../workers/core/mail/copy-recipients";

const address = fc.constantFrom("li.wei@example.com", "LI.WEI@example.com", "boss@example.com", "Boss@Example.com", "shop@kefu.localhost", "ops@example.org", "mei@example.net");

describe("copyRecipients", () => {
  it("drops the requester, the workspace's address and repeats; a copied address is not also blind-copied", () => {
    expect(
      copyRecipients({ to: "li.wei@example.com", from: "shop@kefu.localhost", cc: ["Boss@Example.com", "LI.WEI@example.com", "boss@example.com", "shop@kefu.localhost"], bcc: ["boss@example.com", "ops@example.org"] }),
    ).toEqual({ cc: ["boss@example.com"], bcc: ["ops@example.org"] });
  });

  it("every kept address is lower case, unique across Cc and Bcc, neither To nor From, and was asked for (property)", () => {
    fc.assert(
      fc.property(fc.option(address, { nil: null }), address, fc.array(address, { maxLength: 8 }), fc.array(address, { maxLength: 8 }), (to, from, cc, bcc) => {
        const kept = copyRecipients({ to, from, cc, bcc });
        const all = [...kept.cc, ...kept.bcc];
        expect(new Set(all).size).toBe(all.length);
        for (const a of all) {
          expect(a).toBe(a.toLowerCase());
          expect(a).not.toBe(from.toLowerCase());
          expect(a).not.toBe(to?.toLowerCase());
        }
        for (const a of kept.cc) expect(cc.map((c) => c.toLowerCase())).toContain(a);
        for (const a of kept.bcc) expect(bcc.map((c) => c.toLowerCase())).toContain(a);
        // Nothing asked for and allowed is lost.
        const excluded = new Set([to?.toLowerCase(), from.toLowerCase()]);
        for (const a of [...cc, ...bcc].map((c) => c.toLowerCase())) if (!excluded.has(a)) expect(all).toContain(a);
      }),
    );
  });
});

import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { forwardingClaims, originalRecipients } from "../../workers/core/mail/address-claims";
import type { SupportAddress } from "../../workers/core/mail/support-addresses";

const claimArb = fc.record({
  id: fc.uuid(),
  address: fc.constantFrom("help@acme.example", "sales@acme.example", "vip@acme.example", "acme@kefu.example", "info@other.example"),
  builtIn: fc.boolean(),
  verifiedAt: fc.option(fc.date({ min: new Date(0), max: new Date(2_000_000_000_000), noInvalidDate: true }), { nil: null }),
}) as fc.Arbitrary<SupportAddress>;
const recipientsArb = fc.array(fc.constantFrom<string>("help@acme.example", "sales@acme.example", "acme@kefu.example", "li.wei@example.com"), { maxLength: 4 });

describe("forwardingClaims", () => {
  it("is exactly the custom claims the recipients name, verified ones first", () => {
    fc.assert(
      fc.property(fc.array(claimArb, { maxLength: 6 }), recipientsArb, (own, recipients) => {
        const claims = forwardingClaims(own, recipients);
        expect(new Set(claims)).toEqual(new Set(own.filter((a) => !a.builtIn && recipients.includes(a.address))));
        const firstUnverified = claims.findIndex((a) => !a.verifiedAt);
        if (firstUnverified >= 0) expect(claims.slice(firstUnverified).every((a) => !a.verifiedAt)).toBe(true);
      }),
    );
  });
});

describe("originalRecipients", () => {
  it("reads To, Cc and the headers forwarders leave, lower-case, without +tags, once each", async () => {
    const parsed = await PostalMime.parse(
      [
        "From: li.wei@example.com",
        "To: Team <Team@Acme.example>, help+urgent@acme.example",
        "Cc: undisclosed-recipients:;",
        "Delivered-To: Sales@Acme.example",
        "X-Forwarded-To: acme@kefu.example",
        "X-Original-To: help@acme.example",
        "Subject: hi",
        "",
        "body",
      ].join("\r\n"),
    );
    expect(originalRecipients(parsed).sort()).toEqual(["acme@kefu.example", "help@acme.example", "sales@acme.example", "team@acme.example"]);
  });
});

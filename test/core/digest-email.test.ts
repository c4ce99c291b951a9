import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS } from "../../schema";
import { composeDigest, type DigestItem } from "../../workers/core/notifications/digest-email";

const item: fc.Arbitrary<DigestItem> = fc.record({
  kind: fc.constantFrom(...NOTIFICATION_KINDS),
  ticketId: fc.stringMatching(/^tkt_[a-z0-9]{6}$/),
  ticketNumber: fc.nat({ max: 99999 }),
  ticketSubject: fc.string({ maxLength: 40 }),
  actorName: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
});

describe("composeDigest", () => {
  it("one email lists every notice with a link to its ticket, in the recipient's language", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.constantFrom("en" as const, "zh-CN" as const), (items, language) => {
        const { subject, text } = composeDigest({ language, recipientName: "Bo", workspaceName: "Acme", appUrl: "https://app.example/", items });
        for (const i of items) expect(text).toContain(`https://app.example/tickets/${i.ticketId}`);
        expect(subject.startsWith("[Acme] ")).toBe(true);
        if (items.length > 1) expect(subject).toContain(language === "en" ? `and ${items.length - 1} more` : `另有 ${items.length - 1} 条`);
      }),
    );
  });

  it("says it in English or Chinese", () => {
    const items: DigestItem[] = [{ kind: "assigned", ticketId: "tkt_1", ticketNumber: 7, ticketSubject: "Lid cracked", actorName: "Olivia" }];
    expect(composeDigest({ language: "en", recipientName: "Bo", workspaceName: "Acme", appUrl: "https://app.example", items }).subject).toBe("[Acme] Olivia assigned #7 to you");
    expect(composeDigest({ language: "zh-CN", recipientName: "Bo", workspaceName: "Acme", appUrl: "https://app.example", items }).text).toContain("Olivia 把 #7 分配给了你: Lid cracked");
  });
});

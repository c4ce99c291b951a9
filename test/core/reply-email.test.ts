import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cappedReferences, composeReplyEmail, MAX_REFERENCES, threadHeaders, type ThreadMessage } from "../../workers/core/mail/reply-email";
const msg = (id: string, fromCustomer: boolean): ThreadMessage => ({ emailMessageId: `<${id}@mail.example>`, fromCustomer });

// Message ids from a small pool, so threads repeat ids (the same mail stored twice, forwarded copies).
const threadArb = fc.array(
  fc.record({ emailMessageId: fc.integer({ min: 0, max: 160 }).map((n) => `<m${n}@x>`), fromCustomer: fc.boolean() }),
  { maxLength: 260 },
);

const firstOccurrences = (thread: readonly ThreadMessage[]) => [...new Set(thread.map((m) => m.emailMessageId))];

describe("threadHeaders", () => {
  it("has nothing to refer to in an empty thread", () => {
    expect(threadHeaders([])).toEqual({ inReplyTo: null, references: [] });
  });

  it("answers the customer's latest message, even when we wrote after it", () => {
    const thread = [msg("c1", true), msg("a1", false), msg("c2", true), msg("a2", false), msg("a3", false)];
    expect(threadHeaders(thread).inReplyTo).toBe("<c2@mail.example>");
  });

  it("answers our own latest message when the customer never wrote by mail", () => {
    expect(threadHeaders([msg("a1", false), msg("a2", false)]).inReplyTo).toBe("<a2@mail.example>");
  });

  it("lists the whole thread, oldest first, when it is short", () => {
    const thread = [msg("c1", true), msg("a1", false), msg("c2", true)];
    expect(threadHeaders(thread).references).toEqual(["<c1@mail.example>", "<a1@mail.example>", "<c2@mail.example>"]);
  });

  it("keeps the first message, the latest ones, and ends with the In-Reply-To id in a long thread", () => {
    const thread = Array.from({ length: 130 }, (_, i) => msg(`m${i}`, i % 2 === 0));
    const { references, inReplyTo } = threadHeaders(thread);
    expect(MAX_REFERENCES).toBe(100);
    expect(inReplyTo).toBe("<m128@mail.example>");
    expect(references).toHaveLength(MAX_REFERENCES);
    expect(references[0]).toBe("<m0@mail.example>");
    expect(references.at(-1)).toBe("<m128@mail.example>");
    expect(references.slice(1, -1)).toEqual(thread.slice(-99).filter((m) => m.emailMessageId !== inReplyTo).map((m) => m.emailMessageId));
  });

  it("In-Reply-To is the last customer message, else the last message (property)", () => {
    fc.assert(
      fc.property(threadArb, (thread) => {
        const expected = [...thread].reverse().find((m) => m.fromCustomer) ?? thread.at(-1);
        expect(threadHeaders(thread).inReplyTo).toBe(expected?.emailMessageId ?? null);
      }),
    );
  });

  it("References: no duplicates, thread order, at most 100, ends with In-Reply-To, root kept (property)", () => {
    fc.assert(
      fc.property(threadArb, (thread) => {
        const { references, inReplyTo } = threadHeaders(thread);
        const distinct = firstOccurrences(thread);
        const others = distinct.filter((id) => id !== inReplyTo);
        expect(new Set(references).size).toBe(references.length);
        expect(references.length).toBe(Math.min(distinct.length, MAX_REFERENCES));
        if (thread.length === 0) {
          expect(references).toEqual([]);
          return;
        }
        // RFC 5322 §3.6.4: the message replied to comes last.
        expect(references.at(-1)).toBe(inReplyTo);
        // The rest: a subsequence of the thread's other ids, in order, keeping the root.
        let at = -1;
        for (const id of references.slice(0, -1)) {
          const next = others.indexOf(id);
          expect(next).toBeGreaterThan(at);
          at = next;
        }
        if (others.length > 0) expect(references[0]).toBe(others[0]);
        if (distinct.length <= MAX_REFERENCES) expect(references).toEqual([...others, inReplyTo]);
      }),
    );
  });
});

describe("cappedReferences", () => {
  it("at most `max` ids, no duplicates, the first and the last kept, order kept (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }).map((n) => `m${n}@x`), { maxLength: 400 }), fc.integer({ min: 2, max: 120 }), (ids, max) => {
        const capped = cappedReferences(ids, max);
        const distinct = [...new Set(ids)];
        expect(capped.length).toBe(Math.min(distinct.length, max));
        expect(new Set(capped).size).toBe(capped.length);
        if (distinct.length) {
          expect(capped[0]).toBe(distinct[0]);
          expect(capped.at(-1)).toBe(distinct.at(-1));
        }
        // In the list's order: a subsequence of the distinct ids, the rest being the most recent ones.
        const positions = capped.map((id) => distinct.indexOf(id));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        if (distinct.length > max) expect(capped.slice(1)).toEqual(distinct.slice(-(max - 1)));
      }),
    );
  });

  it("defaults to Cloudflare's limit of 100", () => {
    const ids = Array.from({ length: 250 }, (_, i) => `m${i}@x`);
    expect(cappedReferences(ids)).toEqual(["m0@x", ...ids.slice(-99)]);
  });
});

describe("composeReplyEmail", () => {
  const input = { ticketNumber: 1234, ticketSubject: "Re: Refund please", body: "We have refunded you.\n\n\n", agentName: "Li Lei", workspaceName: "Acme Support" };

  it("puts the ticket reference in the subject and the signature", () => {
    const { subject, text } = composeReplyEmail(input);
    expect(subject).toBe("Re: [#1234] Refund please");
    expect(text).toBe("We have refunded you.\n\n--\nLi Lei\nAcme Support\n\nTicket #1234. Reply to this email to add to your request.\n");
  });

  it("writes the footer and the file-link lines in the requester's mail language", () => {
    const links = [{ filename: "发票.pdf", size: 30 * 1024 * 1024, url: "https://kefu.example/f/1", validDays: 7 }];
    const zh = composeReplyEmail({ ...input, language: "zh-CN", fileLinks: links, html: "<p>已退款。</p>" });
    expect(zh.text).toBe("We have refunded you.\n\n以下文件太大，无法作为附件发送（下载链接 7 天内有效）：\n- 发票.pdf (30.0 MB): https://kefu.example/f/1\n\n--\nLi Lei\nAcme Support\n\n工单 #1234。如需补充，直接回复此邮件即可。\n");
    expect(zh.html).toContain("工单 #1234。如需补充，直接回复此邮件即可。");
    expect(zh.html).toContain("以下文件太大");
    expect(composeReplyEmail({ ...input, language: "en", fileLinks: links }).text).toContain("Files too large to attach (download links, valid for 7 days):");
  });

  it("always carries [#n] exactly once in the subject and keeps the body (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 10_000_000 }), fc.string(), (ticketSubject, ticketNumber, body) => {
        const { subject, text } = composeReplyEmail({ ...input, ticketSubject, ticketNumber, body });
        expect(subject.split(`[#${ticketNumber}]`).length - 1).toBe(1);
        expect(text.startsWith(body.trimEnd())).toBe(true);
        expect(text).toContain(`Ticket #${ticketNumber}.`);
      }),
    );
  });
});

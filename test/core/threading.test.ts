import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES } from "../../schema";
import { decideThread, normalizeMessageId, plusTicketNumber, referencedMessageIds, subjectTicketNumber, type ThreadCandidate } from "../../workers/core/mail/threading";
import { replySubject } from "../../workers/core/tickets/ticket-ref";

describe("message ids", () => {
  it("normalises brackets and whitespace", () => {
    expect(normalizeMessageId(" <abc@x.example> ")).toBe("abc@x.example");
    expect(normalizeMessageId("")).toBeNull();
    expect(normalizeMessageId("<>")).toBeNull();
  });

  it("lists In-Reply-To first, then References newest first, without duplicates", () => {
    expect(referencedMessageIds("<c@x>", "<a@x> <b@x>\r\n <c@x>")).toEqual(["c@x", "b@x", "a@x"]);
    expect(referencedMessageIds(null, "<a@x>,<b@x>")).toEqual(["b@x", "a@x"]);
    expect(referencedMessageIds("a@x (comment)", null)).toEqual(["a@x"]);
    expect(referencedMessageIds(null, null)).toEqual([]);
  });

  it("finds every id it is given (property)", () => {
    const id = fc.tuple(fc.stringMatching(/^[A-Za-z0-9._%$-]{1,20}$/), fc.stringMatching(/^[a-z0-9.-]{1,15}$/)).map(([l, d]) => `${l}@${d}`);
    fc.assert(
      fc.property(fc.array(id, { maxLength: 8 }), fc.option(id), (refs, reply) => {
        const found = referencedMessageIds(reply ? `<${reply}>` : null, refs.map((r) => `<${r}>`).join(" "));
        for (const r of [...refs, ...(reply ? [reply] : [])]) expect(found).toContain(r);
        if (reply) expect(found[0]).toBe(reply);
        expect(new Set(found).size).toBe(found.length);
      }),
    );
  });
});

describe("subject references", () => {
  it("reads Kefu's tag and hand-typed references", () => {
    expect(subjectTicketNumber("Re: [#1234] Broken teapot")).toEqual({ number: 1234, tagged: true });
    expect(subjectTicketNumber("AW: Re: [#7] Hallo")).toEqual({ number: 7, tagged: true });
    expect(subjectTicketNumber("About ticket #88 again")).toEqual({ number: 88, tagged: false });
    expect(subjectTicketNumber("Ticket 42: still broken")).toEqual({ number: 42, tagged: false });
    expect(subjectTicketNumber("回复：工单 1234 还没处理")).toEqual({ number: 1234, tagged: false });
    expect(subjectTicketNumber("#15 please")).toEqual({ number: 15, tagged: false });
    expect(subjectTicketNumber("Order A-2291 arrived")).toBeNull();
    expect(subjectTicketNumber("Call me at 555 1234")).toBeNull();
    expect(subjectTicketNumber(null)).toBeNull();
  });

  it("always finds the tag Kefu puts in its reply subjects (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 1, max: 999_999_999 }), (subject, number) => {
        expect(subjectTicketNumber(replySubject(subject, number))).toEqual({ number, tagged: true });
      }),
    );
  });
});

describe("plus addresses", () => {
  it("reads the ticket number after the plus", () => {
    expect(plusTicketNumber("support+1234@acme.example")).toBe(1234);
    expect(plusTicketNumber("acme-tea+t56@kefu.localhost")).toBe(56);
    expect(plusTicketNumber("acme-tea+ticket-9@kefu.localhost")).toBe(9);
    expect(plusTicketNumber("acme-tea@kefu.localhost")).toBeNull();
    expect(plusTicketNumber("acme-tea+sales@kefu.localhost")).toBeNull();
  });
});

describe("deciding the thread", () => {
  const candidate = (over: Partial<ThreadCandidate>): ThreadCandidate => ({ ticketId: "t1", status: "open", via: "header", senderKnown: false, ...over });

  it("header matches win, and work whoever sends", () => {
    expect(decideThread([candidate({ ticketId: "s", via: "subject", senderKnown: true }), candidate({ ticketId: "h" })], false)).toEqual({ kind: "append", ticketId: "h", reopen: false });
  });

  it("subject and plus references count only for a known sender", () => {
    expect(decideThread([candidate({ via: "subject" })], false)).toEqual({ kind: "new" });
    expect(decideThread([candidate({ via: "plus" })], false)).toEqual({ kind: "new" });
    expect(decideThread([candidate({ via: "plus", senderKnown: true, ticketId: "p" })], false)).toEqual({ kind: "append", ticketId: "p", reopen: false });
    expect(decideThread([candidate({ via: "plus", senderKnown: true, ticketId: "p" }), candidate({ via: "subject", senderKnown: true, ticketId: "s" })], false)).toMatchObject({ ticketId: "s" });
  });

  it("a reply to a solved ticket reopens it; to a closed one starts a follow-up", () => {
    expect(decideThread([candidate({ status: "solved" })], false)).toEqual({ kind: "append", ticketId: "t1", reopen: true });
    expect(decideThread([candidate({ status: "closed" })], false)).toEqual({ kind: "follow_up", ticketId: "t1" });
  });

  it("mail about a merged ticket goes to the ticket it was merged into, decided as if it named that one (property)", () => {
    const status = fc.constantFrom(...TICKET_STATUSES);
    fc.assert(
      fc.property(fc.constantFrom("header" as const, "subject" as const, "plus" as const), fc.boolean(), status, fc.boolean(), (via, senderKnown, targetStatus, automatic) => {
        const merged = candidate({ ticketId: "source", status: "closed", via, senderKnown, mergedInto: { ticketId: "target", status: targetStatus } });
        const direct = candidate({ ticketId: "target", status: targetStatus, via, senderKnown });
        expect(decideThread([merged], automatic)).toEqual(decideThread([direct], automatic));
      }),
    );
    expect(decideThread([candidate({ status: "closed", mergedInto: { ticketId: "t9", status: "open" } })], false)).toEqual({ kind: "append", ticketId: "t9", reopen: false });
  });

  it("a Thread-Index match counts only for a known sender, after headers and before the subject", () => {
    expect(decideThread([candidate({ via: "thread_index" })], false)).toEqual({ kind: "new" });
    expect(decideThread([candidate({ via: "thread_index", senderKnown: true, ticketId: "x" })], false)).toEqual({ kind: "append", ticketId: "x", reopen: false });
    const all = [candidate({ via: "subject", senderKnown: true, ticketId: "s" }), candidate({ via: "thread_index", senderKnown: true, ticketId: "x" })];
    expect(decideThread(all, false)).toMatchObject({ ticketId: "x" });
    expect(decideThread([...all, candidate({ ticketId: "h" })], false)).toMatchObject({ ticketId: "h" });
  });

  it("a new topic threads by default; with the workspace's rule on, a person's reply by headers starts a linked ticket", () => {
    const found = candidate({ subject: "Kettle lid cracked" });
    const on = (subject: string) => ({ newSubjectNewTicket: true, subject });
    expect(decideThread([found], false, { newSubjectNewTicket: false, subject: "Invoice for May" })).toEqual({ kind: "append", ticketId: "t1", reopen: false });
    expect(decideThread([found], false, on("Invoice for May"))).toEqual({ kind: "new", linkedTo: "t1" });
    expect(decideThread([found], false, on("RE: AW: kettle  lid cracked"))).toEqual({ kind: "append", ticketId: "t1", reopen: false });
    expect(decideThread([candidate({ via: "thread_index", senderKnown: true, subject: "Kettle lid cracked" })], false, on("Invoice for May"))).toEqual({ kind: "new", linkedTo: "t1" });
    // A subject tag names its ticket on purpose; an auto-reply's subject says nothing.
    expect(decideThread([candidate({ via: "subject", senderKnown: true, subject: "Kettle lid cracked" })], false, on("[#1] Invoice for May"))).toMatchObject({ kind: "append" });
    expect(decideThread([found], true, on("Out of office"))).toMatchObject({ kind: "append" });
    expect(decideThread([candidate({ status: "closed", subject: "Kettle lid cracked", mergedInto: { ticketId: "t9", status: "open" } })], false, on("Invoice"))).toEqual({ kind: "new", linkedTo: "t9" });
  });

  it("automatic mail never reopens nor starts a follow-up (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ ticketId: fc.string(), status: fc.constantFrom(...TICKET_STATUSES), via: fc.constantFrom("header" as const, "subject" as const, "plus" as const), senderKnown: fc.boolean() }), { maxLength: 5 }), (candidates) => {
        const decision = decideThread(candidates, true);
        expect(decision.kind).not.toBe("follow_up");
        if (decision.kind === "append") expect(decision.reopen).toBe(false);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversationTopic, isNewTopic } from "../../workers/core/mail/conversation-topic";
import { conversationKey, ticketThreadIndex } from "../../workers/core/mail/thread-index";
import { newId } from "../../workers/core/ids";

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const base64Of = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe("conversationKey", () => {
  it("is the 22-byte header of an Outlook Thread-Index, the same for the conversation's replies", () => {
    // A Thread-Index as Outlook 2016 writes it on a new message (22 bytes), then on two replies (+5 bytes each).
    const root = "AdnFqN3Jq1R5zPyZSUuK3l7xq0Jd1A==";
    const reply = base64Of(new Uint8Array([...bytesOf(root), 0x00, 0x00, 0x3c, 0xc5, 0xa0]));
    const replyToReply = base64Of(new Uint8Array([...bytesOf(reply), 0x00, 0x00, 0x19, 0x9d, 0xd0]));
    expect(bytesOf(root)).toHaveLength(22);
    expect(conversationKey(root)).toBe(root);
    expect(conversationKey(reply)).toBe(root);
    expect(conversationKey(` ${replyToReply.slice(0, 10)}\r\n ${replyToReply.slice(10)}`)).toBe(root);
  });

  it("is null for what is not a Thread-Index", () => {
    for (const value of [undefined, null, "", "not base64!", btoa("short"), base64Of(new Uint8Array(24))]) expect(conversationKey(value)).toBeNull();
  });

  it("keeps the first 22 bytes of any header + 5-byte blocks (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 22, maxLength: 22 }), fc.array(fc.uint8Array({ minLength: 5, maxLength: 5 }), { maxLength: 8 }), (header, blocks) => {
        const full = new Uint8Array([...header, ...blocks.flatMap((b) => [...b])]);
        expect(conversationKey(base64Of(full))).toBe(base64Of(header));
      }),
    );
  });
});

describe("ticketThreadIndex", () => {
  it("is a 22-byte header: 0x01, the id's time as a FILETIME, a GUID from the id; its own conversation key", () => {
    const at = Date.UTC(2026, 11, 5, 15, 0, 0);
    const id = newId("tkt", at);
    const index = ticketThreadIndex(id);
    const bytes = bytesOf(index);
    expect(bytes).toHaveLength(22);
    expect(bytes[0]).toBe(1);
    const filetime = [...bytes.slice(1, 6)].reduce((n, b) => n * 256n + BigInt(b), 0n) << 24n;
    const ms = Number(filetime / 10_000n - 11_644_473_600_000n);
    expect(Math.abs(ms - at)).toBeLessThan(2000);
    expect(conversationKey(index)).toBe(index);
    expect(ticketThreadIndex(id)).toBe(index);
  });

  it("differs between tickets, also of other id shapes (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), (at) => {
        const a = newId("tkt", at);
        const b = newId("tkt", at);
        expect(ticketThreadIndex(a)).not.toBe(ticketThreadIndex(b));
      }),
    );
    expect(ticketThreadIndex("tkt_seed_1")).not.toBe(ticketThreadIndex("tkt_seed_2"));
    expect(bytesOf(ticketThreadIndex("t1"))).toHaveLength(22);
  });
});

describe("conversation topics", () => {
  it("drops reply and forward prefixes in several languages, the ticket tag, white space and case", () => {
    const base = "Kettle lid cracked";
    for (const subject of ["Re: Kettle lid cracked", "RE: Re: [#12] Kettle  lid cracked", "AW: WG: kettle lid cracked", "SV: Kettle lid cracked", "回复: Kettle lid cracked", "答复：Kettle lid cracked", "转发: Fwd: Kettle lid cracked", "Ｒｅ： Kettle lid cracked"])
      expect(isNewTopic(subject, base), subject).toBe(false);
    expect(conversationTopic("Re: [#12]  Kettle\tlid cracked")).toBe(base);
    expect(isNewTopic("Re: A new order for next month", base)).toBe(true);
    expect(isNewTopic("", base)).toBe(false);
    expect(isNewTopic("Re: hello", "")).toBe(false);
  });

  it("a prefixed subject is never a new topic against itself (property)", () => {
    const prefix = fc.constantFrom("Re: ", "RE:", "Fwd: ", "FW: ", "AW: ", "WG: ", "SV: ", "回复：", "答复: ", "转发:", "[#7] ");
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 4 }), fc.string({ minLength: 1 }), (prefixes, subject) => {
        expect(isNewTopic(prefixes.join("") + subject.toUpperCase(), subject)).toBe(false);
      }),
    );
  });
});

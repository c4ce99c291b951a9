import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ticketThreadIndex } from "../../workers/core/mail/thread-index";
import { call, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

/**
 * Threading without References (issue 14): Outlook's Thread-Index, and the workspace's rule for
 * a reply on a new subject. Every message goes through the real email() handler.
 */

async function workspace() {
  const ws = await newWorkspace("Thread Tea");
  return { ...ws, address: `${ws.slug}@kefu.localhost` };
}
type Workspace = Awaited<ReturnType<typeof workspace>>;

const ticketsOf = async (ws: Workspace) => (await call("GET", "/tickets?limit=100&sort=number&order=asc", { token: ws.token })).body.items as { id: string; subject: string }[];
const messagesOf = async (ws: Workspace, ticketId: string) => (await call("GET", `/tickets/${ticketId}/messages`, { token: ws.token })).body.items as { kind: string; bodyText: string }[];

async function deliver(ws: Workspace, raw: string, from: string) {
  const result = await deliverEmail(raw, { from, to: ws.address });
  expect(result.error, String(result.error)).toBeNull();
  expect(result.rejected).toEqual([]);
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
/** A reply's Thread-Index as Outlook writes it: the parent's, plus a 5-byte block (time delta and a random nibble). */
const childIndex = (parent: string, block: number[]) => btoa(String.fromCharCode(...bytesOf(parent), ...block));

/** The 22-byte header Outlook 2016 wrote on a new message (0x01, FILETIME, GUID), base64. */
const OUTLOOK_ROOT = "AdnFqN3Jq1R5zPyZSUuK3l7xq0Jd1A==";

/**
 * A message as Outlook (Windows, Exchange Online) sends it: Thread-Topic, Thread-Index, the
 * Microsoft headers, quoted-printable text. Outlook writes In-Reply-To and References only from
 * the Internet headers of the item it answers; an item that has none (its own Sent Items copy
 * synced over MAPI, an item imported from a PST, mail that came through a connector that rewrote
 * its headers) gets a reply that carries only Thread-Topic and Thread-Index.
 */
function outlookMail(fields: { from: string; to: string; subject: string; topic: string; threadIndex: string; messageId: string; body: string }) {
  return [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Thread-Topic: ${fields.topic}`,
    `Thread-Index: ${fields.threadIndex}`,
    "Date: Sat, 5 Dec 2026 09:12:44 +0000",
    `Message-ID: <${fields.messageId}>`,
    "Accept-Language: en-GB, zh-CN",
    "Content-Language: en-GB",
    "X-MS-Has-Attach:",
    "X-MS-TNEF-Correlator:",
    "x-ms-exchange-messagesentrepresentingtype: 1",
    "Content-Type: text/plain; charset=\"us-ascii\"",
    "Content-Transfer-Encoding: quoted-printable",
    "MIME-Version: 1.0",
    "",
    fields.body,
    "",
  ].join("\r\n");
}

const LI = "Li Wei <li.wei@example.com>";

describe("Outlook's Thread-Index", () => {
  it("a reply that carries only a Thread-Index joins the ticket of its conversation, ours or the customer's", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    await deliver(ws, outlookMail({ from: LI, to: ws.address, subject: "Kettle lid cracked", topic: "Kettle lid cracked", threadIndex: OUTLOOK_ROOT, messageId: "AM0PR01MB1@eurprd01.prod.outlook.com", body: "The lid of my kettle arrived cracked." }), "li.wei@example.com");
    const [ticket] = await ticketsOf(ws);
    // Outlook answering its own Sent Items copy: no In-Reply-To, no References, the subject without our tag.
    await deliver(ws, outlookMail({ from: LI, to: ws.address, subject: "RE: Kettle lid cracked", topic: "Kettle lid cracked", threadIndex: childIndex(OUTLOOK_ROOT, [0x00, 0x00, 0x3c, 0xc5, 0xa0]), messageId: "AM0PR01MB2@eurprd01.prod.outlook.com", body: "Photo of the box attached later." }), "li.wei@example.com");
    expect(await ticketsOf(ws)).toHaveLength(1);

    // Our reply carries the ticket's own Thread-Index and Thread-Topic, and records its key.
    await call("POST", `/tickets/${ticket!.id}/messages`, { token: ws.token, body: { kind: "reply", body: "A new lid is on its way.", status: "pending" } });
    const sent = await env.DB.prepare("select headers, thread_key from outbound_messages where ticket_id = ? and purpose = 'reply'").bind(ticket!.id).first<{ headers: string; thread_key: string }>();
    const ours = ticketThreadIndex(ticket!.id);
    expect(JSON.parse(sent!.headers)).toMatchObject({ "Thread-Index": ours, "Thread-Topic": "Kettle lid cracked" });
    expect(sent!.thread_key).toBe(ours);
    // The customer's Outlook answers it, again without References (and with the tag edited out).
    await deliver(ws, outlookMail({ from: LI, to: ws.address, subject: "RE: Kettle lid cracked", topic: "Kettle lid cracked", threadIndex: childIndex(ours, [0x00, 0x01, 0x12, 0x7e, 0x31]), messageId: "AM0PR01MB3@eurprd01.prod.outlook.com", body: "Thank you, it arrived." }), "li.wei@example.com");
    expect(await ticketsOf(ws)).toHaveLength(1);
    expect((await messagesOf(ws, ticket!.id)).map((m) => m.kind)).toEqual(["customer", "customer", "reply", "customer"]);
    const keys = await env.DB.prepare("select thread_key from messages where ticket_id = ? and kind = 'customer' order by created_at").bind(ticket!.id).all<{ thread_key: string }>();
    expect(keys.results.map((r) => r.thread_key)).toEqual([OUTLOOK_ROOT, OUTLOOK_ROOT, ours]);
  });

  it("the same Thread-Index from another customer starts their own ticket", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    await deliver(ws, outlookMail({ from: LI, to: ws.address, subject: "Kettle lid cracked", topic: "Kettle lid cracked", threadIndex: OUTLOOK_ROOT, messageId: "AM0PR01MB4@eurprd01.prod.outlook.com", body: "The lid of my kettle arrived cracked." }), "li.wei@example.com");
    // Li forwarded the conversation to a colleague at another company, who writes to us from it.
    const child = childIndex(OUTLOOK_ROOT, [0x00, 0x00, 0x52, 0x11, 0x90]);
    await deliver(ws, outlookMail({ from: "Wang Fang <wang.fang@other.example>", to: ws.address, subject: "RE: Kettle lid cracked", topic: "Kettle lid cracked", threadIndex: child, messageId: "DB9PR02MB5@eurprd02.prod.outlook.com", body: "Mine too — please send me a lid." }), "wang.fang@other.example");
    const all = await ticketsOf(ws);
    expect(all).toHaveLength(2);
    expect((await messagesOf(ws, all[0]!.id)).map((m) => m.bodyText)).toEqual(["The lid of my kettle arrived cracked."]);
  });
});

describe("a reply on a new subject", () => {
  async function ticketWithReply(ws: Workspace) {
    await deliverEmail(email({ from: LI, to: ws.address, subject: "Kettle lid cracked", messageId: `q1.${ws.slug}@mail.example.com`, body: "The lid arrived cracked." }), { from: "li.wei@example.com", to: ws.address });
    const [ticket] = await ticketsOf(ws);
    await call("POST", `/tickets/${ticket!.id}/messages`, { token: ws.token, body: { kind: "reply", body: "A new lid is on its way.", status: "pending" } });
    const sent = await env.DB.prepare("select email_message_id as id from outbound_messages where ticket_id = ? and purpose = 'reply'").bind(ticket!.id).first<{ id: string }>();
    return { ticket: ticket!, sentId: sent!.id };
  }
  // A customer answers our last mail to ask about something else (Gmail keeps In-Reply-To and References when the subject is edited).
  const newTopic = (ws: Workspace, sentId: string, subject: string, body: string) =>
    email({ from: LI, to: ws.address, subject, inReplyTo: sentId, references: `<q1.${ws.slug}@mail.example.com> <${sentId}>`, body });

  it("threads by default, as Zendesk does", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const { ticket, sentId } = await ticketWithReply(ws);
    expect((await call("GET", "/workspace", { token: ws.token })).body.newSubjectNewTicket).toBe(false);
    await deliver(ws, newTopic(ws, sentId, "Invoice for my May order", "Could you also send the invoice?"), "li.wei@example.com");
    expect(await ticketsOf(ws)).toHaveLength(1);
    expect(await messagesOf(ws, ticket.id)).toHaveLength(3);
  });

  it("starts a new ticket linked to the old one when the workspace turns the rule on; the same topic still threads", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const { ticket, sentId } = await ticketWithReply(ws);
    const patched = await call("PATCH", "/workspace", { token: ws.token, body: { newSubjectNewTicket: true } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.newSubjectNewTicket).toBe(true);
    await deliver(ws, newTopic(ws, sentId, "Re: Invoice for my May order", "Could you also send the invoice?"), "li.wei@example.com");
    // Prefixes in other languages, our tag, spacing and case do not make a new topic.
    await deliver(ws, newTopic(ws, sentId, "AW: 回复：[#1]  KETTLE lid cracked", "The new lid fits."), "li.wei@example.com");
    const all = await ticketsOf(ws);
    expect(all.map((t) => t.subject)).toEqual(["Kettle lid cracked", "Re: Invoice for my May order"]);
    const link = await env.DB.prepare("select follow_up_of_id from tickets where id = ?").bind(all[1]!.id).first<{ follow_up_of_id: string | null }>();
    expect(link!.follow_up_of_id).toBe(ticket.id);
    expect((await messagesOf(ws, ticket.id)).map((m) => m.bodyText)).toEqual(["The lid arrived cracked.", "A new lid is on its way.", "The new lid fits."]);
  });
});

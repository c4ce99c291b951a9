import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "../../workers/api/index";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

// What reaches Cloudflare's send_email binding: recipients as fields, the rest as headers.
type Sent = { to: string; cc?: string[]; bcc?: string[]; subject: string; headers: Record<string, string> };
const sent: Sent[] = [];
const EMAIL = { send: async (message: Sent) => void sent.push(message) } as unknown as SendEmail;

async function reply(token: string, ticketId: string, body: Record<string, unknown>) {
  const request = new Request(`https://kefu.test/api/v1/tickets/${ticketId}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ kind: "reply", ...body }),
  });
  const response = await api.fetch(request, { ...env, EMAIL }, createExecutionContext());
  return { status: response.status, body: (await response.json()) as any };
}

// Issue 13, browser flow 65: CC and BCC on public replies.
describe("copies on a public reply", () => {
  it("Cc goes in the header and onto the ticket's participants; Bcc only to the envelope; the requester and repeats are dropped", async () => {
    const { token, slug } = await newWorkspace();
    const ticket = await newTicket(token);
    const sentBefore = sent.length;
    const res = await reply(token, ticket.id, { body: "Copying my manager.", cc: ["Boss@Example.com", "li.wei@example.com", "boss@example.com"], bcc: ["audit@example.org", "boss@example.com"] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.outbound).toMatchObject({ status: "sent", toAddress: "li.wei@example.com", cc: ["boss@example.com"], bcc: ["audit@example.org"] });

    expect(sent.length).toBe(sentBefore + 1);
    const mail = sent.at(-1)!;
    expect(mail).toMatchObject({ to: "li.wei@example.com", cc: ["boss@example.com"], bcc: ["audit@example.org"] });
    expect(Object.keys(mail.headers).filter((name) => /^(to|cc|bcc)$/i.test(name))).toEqual([]);
    expect(JSON.stringify(mail.headers)).not.toContain("audit@example.org");

    const [outbox] = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token })).body.items;
    expect(outbox).toMatchObject({ to: "li.wei@example.com", cc: ["boss@example.com"], bcc: ["audit@example.org"] });
    const participants = (await call("GET", `/tickets/${ticket.id}/participants`, { token })).body.items;
    expect(participants.map((p: { email: string }) => p.email)).toEqual(["boss@example.com"]);

    // The loop holds: the copied person answers the reply, and it lands on the same ticket —
    // by its headers, and by the subject's [#n] alone (they are a participant now).
    const to = `${slug}@kefu.localhost`;
    const byHeader = email({ from: "The Boss <boss@example.com>", to, cc: "li.wei@example.com", subject: "Re: Tea arrived broken", inReplyTo: outbox.messageId, body: "Please send two lids." });
    expect((await deliverEmail(byHeader, { from: "boss@example.com", to })).error).toBeNull();
    const bySubject = email({ from: "The Boss <boss@example.com>", to, subject: `Re: [#${ticket.number}] Tea arrived broken`, body: "And a sorry note." });
    expect((await deliverEmail(bySubject, { from: "boss@example.com", to })).error).toBeNull();
    const messages = (await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items;
    expect(messages.map((m: { kind: string; bodyText: string }) => [m.kind, m.bodyText.trim()])).toEqual([
      ["customer", "The teapot lid was cracked on arrival."],
      ["reply", "Copying my manager."],
      ["customer", "Please send two lids."],
      ["customer", "And a sorry note."],
    ]);
    expect((await call("GET", "/tickets", { token })).body.items).toHaveLength(1);
  });

  it("a bad address, copies on a note, or too many copies are refused with 422 and nothing is sent", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const sentBefore = sent.length;
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", cc: ["not-an-address"] } }), 422, "validation_failed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", bcc: ["a@example.com\r\nBcc: evil@attacker.example"] } }), 422, "validation_failed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", cc: "boss@example.com" } }), 422, "validation_failed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "Hi", cc: ["boss@example.com"] } }), 422, "validation_failed");
    const many = Array.from({ length: 11 }, (_, i) => `person${i}@example.com`);
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", cc: many, bcc: many.map((a) => `b.${a}`) } }), 422, "validation_failed");
    expect(sent.length).toBe(sentBefore);
    expect((await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items).toHaveLength(1);
  });
});

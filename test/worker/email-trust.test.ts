import { describe, expect, it } from "vitest";
import { call, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

async function workspace(name = "Acme Tea") {
  const ws = await newWorkspace(name);
  return { ...ws, address: `${ws.slug}@kefu.localhost` };
}
type Workspace = Awaited<ReturnType<typeof workspace>>;

const tickets = async (ws: Workspace) => (await call("GET", "/tickets?limit=100&sort=number&order=asc", { token: ws.token })).body.items;
const outbox = async (ws: Workspace) => (await call("GET", "/dev/outbox?limit=200", { token: ws.token })).body.items;
const deliveries = async (ws: Workspace) => (await call("GET", "/mail-deliveries", { token: ws.token })).body.items as { outcome: string; detail: string | null; ticketId: string | null }[];

async function deliver(raw: string, envelope: { from: string; to: string }) {
  const result = await deliverEmail(raw, envelope);
  expect(result.error, String(result.error)).toBeNull();
  return result;
}

describe("a bounce with a null envelope sender and a domainless From: MAILER-DAEMON", () => {
  /** A qmail-style plain-text bounce: no multipart/report, no address anywhere. */
  const bounce = (ws: Workspace, quoted: string) =>
    [
      "From: MAILER-DAEMON",
      `To: ${ws.address}`,
      "Subject: failure notice",
      "Message-ID: <dsn-" + Math.random().toString(36).slice(2) + "@mx.example.com>",
      "Content-Type: text/plain",
      "",
      "Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message.",
      "",
      "--- Below this line is a copy of the message.",
      "",
      quoted,
      "",
    ].join("\r\n");

  it("marks our outbound message bounced instead of quarantining it", async () => {
    const ws = await workspace();
    await deliver(email({ to: ws.address, from: "Li Wei <li.wei@example.com>" }), { from: "li.wei@example.com", to: ws.address });
    const [ticket] = await tickets(ws);
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Hello!" } });
    const reply = (await outbox(ws)).find((m: { purpose: string }) => m.purpose === "reply");

    await deliver(bounce(ws, `From: ${ws.address}\r\nTo: li.wei@example.com\r\nMessage-ID: <${reply.messageId}>\r\nSubject: Re: hello`), { from: "", to: ws.address });
    expect((await outbox(ws)).find((m: { id: string }) => m.id === reply.id)).toMatchObject({ status: "bounced", lastError: expect.stringContaining("failure notice") });
    expect((await deliveries(ws))[0]!.outcome).toBe("bounce");
    expect(await tickets(ws)).toHaveLength(1);
    expect((await call("GET", "/inbound-messages?status=quarantined", { token: ws.token })).body.items).toEqual([]);
  });

  it("one that names nothing of ours is kept as automatic mail, not quarantined, and opens no ticket", async () => {
    const ws = await workspace();
    await deliver(bounce(ws, "Message-ID: <not-ours@elsewhere.example>"), { from: "", to: ws.address });
    expect((await deliveries(ws)).map((d) => d.outcome)).toEqual(["automatic"]);
    const [stored] = (await call("GET", "/inbound-messages?status=automatic", { token: ws.token })).body.items;
    expect(stored.detail).toContain("mailer-daemon");
    expect(stored.subject).toBe("failure notice");
    expect((await call("GET", "/inbound-messages?status=quarantined", { token: ws.token })).body.items).toEqual([]);
    expect(await tickets(ws)).toEqual([]);
    expect(await outbox(ws)).toEqual([]);
  });

  it("a message with no sender address that nothing marks automatic is still quarantined", async () => {
    const ws = await workspace();
    const raw = ["From: Somebody", `To: ${ws.address}`, "Subject: who am I", "Message-ID: <anon@x.example>", "", "No address anywhere.", ""].join("\r\n");
    await deliver(raw, { from: "somebody", to: ws.address });
    expect((await deliveries(ws)).map((d) => d.outcome)).toEqual(["quarantined"]);
  });
});

import { env } from "cloudflare:workers";
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

describe("custom support addresses are verified before they receive mail", () => {
  const claim = (ws: Workspace, address: string) => call("POST", "/support-addresses", { token: ws.token, body: { address, displayName: `${ws.slug} desk` } });
  const addressOf = async (ws: Workspace, id: string) => (await call("GET", `/support-addresses/${id}`, { token: ws.token })).body;
  const UNAVAILABLE = "This address cannot be added. If it is yours, contact support.";

  /** The forwarding check a workspace sends, as the owner's mail server forwards it back to forwardTo. */
  async function checkComesBack(ws: Workspace, addressId: string) {
    expect((await call("POST", `/support-addresses/${addressId}/forwarding-check`, { token: ws.token })).status).toBe(202);
    const check = (await outbox(ws)).find((m: { purpose: string }) => m.purpose === "forwarding_check");
    const back = email({ from: `Check <${ws.address}>`, to: check.to, subject: check.subject, headers: { "X-Kefu-Verification": check.headers["X-Kefu-Verification"] } });
    await deliver(back, { from: ws.address, to: ws.address });
  }

  it("a squatter's claim receives nothing, does not block the owner, and the conflict names no workspace", async () => {
    const owner = await workspace("Acme Tea");
    const squatter = await workspace("Squatter Ltd");
    const sales = "sales@acme-tea.example";

    const squat = await claim(squatter, sales);
    expect(squat.status).toBe(201);
    expect(squat.body.status).toBe("waiting_for_mail");
    // Mail sent to the address itself proves nothing: no verified claim, so nobody gets it.
    const direct = await deliverEmail(email({ to: sales, subject: "Order 1" }), { from: "li.wei@example.com", to: sales });
    expect(direct.rejected).toEqual([expect.stringContaining("5.1.1")]);
    expect(await tickets(squatter)).toEqual([]);
    expect(await deliveries(squatter)).toEqual([]);

    // The owner can still claim it (the squatter's claim is invisible) and verify it.
    const owned = await claim(owner, sales);
    expect(owned.status).toBe(201);
    await checkComesBack(owner, owned.body.id);
    expect(await addressOf(owner, owned.body.id)).toMatchObject({ status: "receiving" });

    // Now the address is taken: the squatter's claim can't verify, and a new claim is refused, generically.
    const late = await workspace("Late Comer");
    for (const refused of [await claim(late, sales), await call("POST", `/support-addresses/${squat.body.id}/forwarding-check`, { token: squatter.token })]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: "address_unavailable", detail: UNAVAILABLE });
      expect(JSON.stringify(refused.body)).not.toMatch(new RegExp(`${owner.slug}|Acme Tea|${owned.body.id}|${owner.address}`, "i"));
    }
    // The database itself holds one verified claim per address, whatever a racing request does.
    await expect(env.DB.prepare("update support_addresses set verified_at = 1 where id = ?").bind(squat.body.id).run()).rejects.toThrow(/UNIQUE constraint failed: support_addresses\.address/);
    // Mail at the squatter's own address naming the custom one does not verify the claim either.
    await deliver(email({ to: sales, subject: "Forged forward" }), { from: "li.wei@example.com", to: squatter.address });
    expect(await addressOf(squatter, squat.body.id)).toMatchObject({ status: "waiting_for_mail", verifiedAt: null });
    expect((await tickets(squatter))[0]).toMatchObject({ subject: "Forged forward" });

    // Mail for the address now goes to the owner, and only there.
    await deliver(email({ to: sales, subject: "Order 2" }), { from: "li.wei@example.com", to: sales });
    expect((await tickets(owner)).map((t: { subject: string }) => t.subject)).toEqual(["Order 2"]);
    expect((await tickets(squatter)).map((t: { subject: string }) => t.subject)).toEqual(["Forged forward"]);
  });

  it("the first mail forwarded to forwardTo verifies the claim (Delivered-To names the address); a claim twice in one workspace is refused", async () => {
    const ws = await workspace("Acme Tea");
    const group = (await call("GET", "/groups", { token: ws.token })).body.items[1];
    const help = await call("POST", "/support-addresses", { token: ws.token, body: { address: "help@acme-tea.example", displayName: "Acme Help", defaultGroupId: group.id } });
    expect(help.status).toBe(201);
    const again = await claim(ws, "help@acme-tea.example");
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("address_taken");

    // Sent to an alias the owner's server expands; the forward keeps Delivered-To.
    await deliver(email({ to: "team@acme-tea.example", subject: "Forwarded", headers: { "Delivered-To": "help@acme-tea.example" } }), { from: "li.wei@example.com", to: ws.address });
    expect(await addressOf(ws, help.body.id)).toMatchObject({ status: "receiving" });
    expect((await tickets(ws))[0]).toMatchObject({ subject: "Forwarded", groupId: group.id });
    expect((await outbox(ws))[0].from).toBe("Acme Help <help@acme-tea.example>");
  });
});

describe("two different messages sharing a Message-ID", () => {
  const inbound = async (ws: Workspace, status: string) => (await call("GET", `/inbound-messages?status=${status}&limit=200`, { token: ws.token })).body.items;

  it("an exact re-delivery is a duplicate, also with other trace headers; a different message with the id becomes a ticket and is noted", async () => {
    const ws = await workspace();
    const envelope = { from: "li.wei@example.com", to: ws.address };
    const first = email({ to: ws.address, messageId: "reused@mail.example.com", subject: "Teapot broken" });
    await deliver(first, envelope);
    await deliver(first, envelope);
    // The same message on a second path: the servers on the way added their own headers.
    await deliver(`Received: from relay.example by mx.example; Sat, 5 Dec 2026 06:00:00 +0000\r\nARC-Seal: i=1; t=1796450000\r\n${first}`, envelope);

    // A mailer reusing Message-IDs: another message, same id.
    const second = email({ to: ws.address, messageId: "reused@mail.example.com", subject: "Cup missing", body: "The cup was not in the box." });
    await deliver(second, envelope);
    await deliver(second, envelope);
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["Teapot broken", "Cup missing"]);
    expect((await deliveries(ws)).map((d) => d.outcome).sort()).toEqual(["duplicate", "duplicate", "duplicate", "ticket_created", "ticket_created"]);
    const processed = await inbound(ws, "processed");
    expect(processed).toHaveLength(2);
    const original = processed.find((m: { subject: string }) => m.subject === "Teapot broken");
    expect(processed.find((m: { subject: string }) => m.subject === "Cup missing")).toMatchObject({ messageIdReusedOf: original.id });
    expect(original.messageIdReusedOf).toBeNull();
  });

  it("the reused id's message threads by its own headers, and a retry after a failure still gives exactly one ticket", async () => {
    const ws = await workspace();
    const envelope = { from: "li.wei@example.com", to: ws.address };
    await deliver(email({ to: ws.address, messageId: "parent@mail.example.com", subject: "Order 7" }), envelope);
    await deliver(email({ to: ws.address, messageId: "dup@mail.example.com", subject: "Unrelated" }), envelope);
    const reply = email({ to: ws.address, messageId: "dup@mail.example.com", subject: "Re: Order 7", inReplyTo: "parent@mail.example.com", body: "Any news on order 7?" });
    const failingBatch = new Proxy(env.DB, {
      get: (target, key) => (key === "batch" ? () => Promise.reject(new Error("D1 overloaded")) : Reflect.get(target, key).bind(target)),
    });
    // Stored and recorded, then the batch fails: accepted and deferred (the cron or a re-delivery finishes it).
    expect((await deliverEmail(reply, envelope, { ...env, DB: failingBatch } as Env)).error).toBeNull();
    await deliver(reply, envelope);
    await deliver(reply, envelope);
    const all = await tickets(ws);
    expect(all.map((t: { subject: string }) => t.subject)).toEqual(["Order 7", "Unrelated"]);
    const thread = (await call("GET", `/tickets/${all[0].id}/messages`, { token: ws.token })).body.items;
    expect(thread.map((m: { bodyText: string }) => m.bodyText)).toEqual([expect.stringContaining("teapot"), "Any news on order 7?"]);
    expect((await deliveries(ws)).map((d) => d.outcome).sort()).toEqual(["appended", "deferred", "duplicate", "ticket_created", "ticket_created"]);
  });
});

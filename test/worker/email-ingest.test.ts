import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tick } from "../helpers/cron";
import { call, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";


async function workspace() {
  const ws = await newWorkspace("Acme Tea");
  return { ...ws, address: `${ws.slug}@kefu.localhost` };
}
type Workspace = Awaited<ReturnType<typeof workspace>>;

const tickets = async (ws: Workspace) => (await call("GET", "/tickets?limit=100&sort=number&order=asc", { token: ws.token })).body.items;
const messagesOf = async (ws: Workspace, ticketId: string) => (await call("GET", `/tickets/${ticketId}/messages`, { token: ws.token })).body.items;
const outbox = async (ws: Workspace) => (await call("GET", "/dev/outbox?limit=200", { token: ws.token })).body.items;
const deliveries = async (ws: Workspace) => (await call("GET", "/mail-deliveries", { token: ws.token })).body.items.map((d: { outcome: string }) => d.outcome);

async function receive(ws: Workspace, fields: Parameters<typeof email>[0], to = ws.address) {
  const from = /<([^>]+)>/.exec(fields.from ?? "")?.[1] ?? fields.from ?? "li.wei@example.com";
  const result = await deliverEmail(email({ to: ws.address, ...fields }), { from, to });
  expect(result.error, String(result.error)).toBeNull();
  return result;
}

describe("a new email", () => {
  it("becomes a ticket with the customer's record, is stored raw, logged and acknowledged", async () => {
    const ws = await workspace();
    await receive(ws, { from: "Li Wei <Li.Wei@Example.com>", subject: "My teapot arrived broken", messageId: "first@mail.example.com" });
    const [ticket] = await tickets(ws);
    expect(ticket).toMatchObject({ number: 1, subject: "My teapot arrived broken", channel: "email", status: "new" });
    const customer = (await call("GET", `/customers/${ticket.requesterId}`, { token: ws.token })).body;
    expect(customer).toMatchObject({ name: "Li Wei", emails: ["li.wei@example.com"] });
    const [message] = await messagesOf(ws, ticket.id);
    expect(message).toMatchObject({ kind: "customer", emailMessageId: "first@mail.example.com" });
    expect(message.bodyText).toContain("the lid of my teapot was cracked");

    const inbound = await env.DB.prepare("select * from inbound_messages where ticket_id = ?").bind(ticket.id).first<{ raw_key: string; status: string }>();
    expect(inbound!.status).toBe("processed");
    const raw = await env.BLOBS.get(inbound!.raw_key);
    expect(await raw!.text()).toContain("Message-ID: <first@mail.example.com>");
    expect(await deliveries(ws)).toEqual(["ticket_created"]);

    const [ack] = await outbox(ws);
    expect(ack).toMatchObject({
      purpose: "acknowledgement",
      to: "li.wei@example.com",
      subject: "[#1] We received your request: My teapot arrived broken",
      inReplyTo: "first@mail.example.com",
      status: "sent",
      headers: { "Auto-Submitted": "auto-replied", "Thread-Topic": "We received your request: My teapot arrived broken" },
    });
    expect(ack.bodyText).toContain("Hi Li,");
    expect(ack.bodyText).toContain("Your request #1 has reached us");

    // The acknowledgement is recorded in the batch that numbers the ticket: each takes its own ticket's number.
    await receive(ws, { from: "wang.fang@example.cn", subject: "Second kettle", messageId: "second@mail.example.com" });
    const second = (await outbox(ws)).find((m: { to: string }) => m.to === "wang.fang@example.cn");
    expect(second).toMatchObject({ subject: "[#2] We received your request: Second kettle", status: "sent" });
    expect(second.bodyText).toContain("Your request #2 has reached us");
  });

  it("an acknowledgement owed by an earlier version (recorded as work, not as mail) is sent by the cron", async () => {
    const ws = await workspace();
    await receive(ws, { subject: "Owed before the upgrade", messageId: "owed@mail.example.com" });
    const [ticket] = await tickets(ws);
    // As versions before 2026-12-06 left it when the send failed: the work owed, no mail recorded.
    await env.DB.prepare("delete from outbound_messages where ticket_id = ?").bind(ticket.id).run();
    await env.DB.prepare("insert into work_items (tenant_id, kind, item_id, ticket_id, owed_at, next_attempt_at, attempts) select tenant_id, 'acknowledgement', id, id, ?, ?, 0 from tickets where id = ?")
      .bind(Date.now() - 600_000, Date.now() - 60_000, ticket.id)
      .run();
    await tick(new Date());
    const [ack] = await outbox(ws);
    expect(ack).toMatchObject({ purpose: "acknowledgement", subject: "[#1] We received your request: Owed before the upgrade", status: "sent" });
    expect(await env.DB.prepare("select count(*) as n from work_items where item_id = ?").bind(ticket.id).first("n")).toBe(0);
  });

  it("delivered twice creates nothing new (by Message-ID, or by content without one)", async () => {
    const ws = await workspace();
    const raw = email({ to: ws.address, messageId: "same@mail.example.com" });
    await deliverEmail(raw, { from: "li.wei@example.com", to: ws.address });
    await deliverEmail(raw, { from: "li.wei@example.com", to: ws.address });
    const noId = email({ to: ws.address, messageId: null, subject: "No id here" });
    await deliverEmail(noId, { from: "li.wei@example.com", to: ws.address });
    await deliverEmail(noId, { from: "li.wei@example.com", to: ws.address });
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["My teapot arrived broken", "No id here"]);
    expect((await outbox(ws)).length).toBe(2);
    expect(await deliveries(ws)).toEqual(expect.arrayContaining(["ticket_created", "duplicate", "ticket_created", "duplicate"]));
  });
});

describe("routing", () => {
  it("rejects mail to an address nobody owns, and oversized mail, permanently and logged", async () => {
    const unknown = await deliverEmail(email({}), { from: "a@example.com", to: "nobody-here@kefu.localhost" });
    expect(unknown.rejected).toEqual([expect.stringContaining("5.1.1")]);
    const ws = await workspace();
    const huge = new Uint8Array(25 * 1024 * 1024 + 1);
    const tooBig = await deliverEmail(huge, { from: "a@example.com", to: ws.address });
    expect(tooBig.rejected).toEqual([expect.stringContaining("5.3.4")]);
    const logged = await env.DB.prepare("select outcome, detail from mail_deliveries where tenant_id is null order by created_at").all<{ outcome: string; detail: string }>();
    expect(logged.results.map((r) => r.outcome)).toEqual(["rejected", "rejected"]);
    expect(await tickets(ws)).toEqual([]);
  });
});

describe("threading", () => {
  async function ticketWithReply(ws: Workspace) {
    await receive(ws, { from: "Li Wei <li.wei@example.com>", messageId: "q1@mail.example.com", cc: "Chen Jing <chen.jing@example.com>, " + ws.address });
    const [ticket] = await tickets(ws);
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "A new lid is on its way.", status: "pending" } });
    const sent = (await outbox(ws)).find((m: { purpose: string }) => m.purpose === "reply");
    return { ticket, reply: reply.body, sent };
  }

  it("a reply whose headers point at our message lands in the same ticket and reopens pending", async () => {
    const ws = await workspace();
    const { ticket, sent } = await ticketWithReply(ws);
    expect(sent.inReplyTo).toBe("q1@mail.example.com");
    await receive(ws, { subject: "Re: thanks", inReplyTo: sent.messageId, references: `<q1@mail.example.com> <${sent.messageId}>`, body: "Great, thank you!" });
    expect(await tickets(ws)).toHaveLength(1);
    const after = (await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body;
    expect(after.status).toBe("open");
    expect((await messagesOf(ws, ticket.id)).map((m: { kind: string }) => m.kind)).toEqual(["customer", "reply", "customer"]);
    expect((await outbox(ws)).filter((m: { purpose: string }) => m.purpose === "acknowledgement")).toHaveLength(1);
  });

  it("works from the subject tag when a client drops the headers, and from a hand-typed reference", async () => {
    const ws = await workspace();
    const { ticket } = await ticketWithReply(ws);
    await receive(ws, { subject: "Re: [#1] My teapot arrived broken", body: "Any news?" });
    await receive(ws, { subject: "About ticket #1 again", body: "Still waiting." });
    expect(await tickets(ws)).toHaveLength(1);
    expect(await messagesOf(ws, ticket.id)).toHaveLength(4);
  });

  it("a copied person may reply by subject; a stranger quoting the number starts a new ticket", async () => {
    const ws = await workspace();
    const { ticket } = await ticketWithReply(ws);
    const participants = (await call("GET", `/tickets/${ticket.id}/participants`, { token: ws.token })).body.items;
    expect(participants).toEqual([{ email: "chen.jing@example.com", name: "Chen Jing" }]);
    await receive(ws, { from: "Chen Jing <chen.jing@example.com>", subject: "Re: [#1] My teapot arrived broken", body: "I am Li's colleague." });
    await receive(ws, { from: "Stranger <someone@else.example>", subject: "Order #1 is wrong", body: "My order number is 1." });
    const all = await tickets(ws);
    expect(all).toHaveLength(2);
    expect(all[1].subject).toBe("Order #1 is wrong");
  });

  it("plus addressing threads when the channel allows it", async () => {
    const ws = await workspace();
    await ticketWithReply(ws);
    await receive(ws, { subject: "no reference here", body: "via plus" }, `${ws.slug}+1@kefu.localhost`);
    expect(await tickets(ws)).toHaveLength(1);
    const [builtIn] = (await call("GET", "/support-addresses", { token: ws.token })).body.items;
    await call("PATCH", `/support-addresses/${builtIn.id}`, { token: ws.token, body: { plusAddressing: false } });
    await receive(ws, { subject: "no reference either", body: "via plus, now off" }, `${ws.slug}+1@kefu.localhost`);
    expect(await tickets(ws)).toHaveLength(2);
  });

  it("a reply to a solved ticket reopens it; to a closed one starts a linked follow-up", async () => {
    const ws = await workspace();
    const { ticket, sent } = await ticketWithReply(ws);
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "solved" } });
    await receive(ws, { inReplyTo: sent.messageId, subject: "Re: solved?", body: "It broke again." });
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body).toMatchObject({ status: "open", solvedAt: null });

    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "solved" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "closed" } });
    await receive(ws, { inReplyTo: sent.messageId, subject: "Re: one more thing", body: "And the cup too." });
    const all = await tickets(ws);
    expect(all).toHaveLength(2);
    const followUp = await env.DB.prepare("select follow_up_of_id from tickets where id = ?").bind(all[1].id).first<{ follow_up_of_id: string }>();
    expect(followUp!.follow_up_of_id).toBe(ticket.id);
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.status).toBe("closed");
  });
});

const automaticTickets = async (ws: Workspace) => (await call("GET", "/tickets?automatic=true&limit=100", { token: ws.token })).body.items;
const clocksOf = async (ws: Workspace, ticketId: string) => (await call("GET", `/tickets/${ticketId}/sla`, { token: ws.token })).body.clocks as { metric: string; state: string }[];

describe("automatic mail", () => {
  it("that answers nothing of ours is not work: no clock, out of the queues, in the Automatic view, until an agent treats it as a ticket", async () => {
    const ws = await workspace();
    const policy = { name: "Reply in an hour", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } };
    expect((await call("POST", "/sla-policies", { token: ws.token, body: policy })).status).toBe(201);
    // Outlook's out-of-office to a first contact: Auto-Submitted plus its own X-Auto-Response-Suppress.
    await receive(ws, { from: "Wang Fang <wang.fang@example.cn>", subject: "自动回复: 休假中", headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" } });
    await receive(ws, { from: "Li Wei <li.wei@example.com>", subject: "My teapot arrived broken" });

    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["My teapot arrived broken"]);
    const [auto] = await automaticTickets(ws);
    expect(auto).toMatchObject({ subject: "自动回复: 休假中", automatic: true, status: "new" });
    expect((await messagesOf(ws, auto.id))[0]).toMatchObject({ kind: "customer", automatic: true });
    expect(await clocksOf(ws, auto.id)).toEqual([]);

    const treated = await call("PATCH", `/tickets/${auto.id}`, { token: ws.token, body: { automatic: false } });
    expect(treated.status).toBe(200);
    expect(treated.body).toMatchObject({ automatic: false });
    expect(await automaticTickets(ws)).toEqual([]);
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["自动回复: 休假中", "My teapot arrived broken"]);
    expect((await messagesOf(ws, auto.id))[0]).toMatchObject({ automatic: false });
    expect(await clocksOf(ws, auto.id)).toEqual([expect.objectContaining({ metric: "first_reply", state: "running" })]);
    const events = (await call("GET", `/tickets/${auto.id}/events`, { token: ws.token })).body.items;
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ type: "field_change", field: "automatic", oldValue: "true", newValue: "false", actorType: "agent" })]));
  });

  it("a person writing again on a ticket automatic mail started makes it work", async () => {
    const ws = await workspace();
    await receive(ws, { from: "robot@vacation.example", subject: "Away until Monday", messageId: "away@vacation.example", headers: { "Auto-Submitted": "auto-replied" } });
    const [auto] = await automaticTickets(ws);
    await receive(ws, { from: "robot@vacation.example", subject: `Re: [#${auto.number}] Away until Monday`, inReplyTo: "away@vacation.example", body: "Back now: my order never came." });
    expect(await automaticTickets(ws)).toEqual([]);
    expect((await tickets(ws))[0]).toMatchObject({ id: auto.id, automatic: false });
    expect((await messagesOf(ws, auto.id)).map((m: { automatic: boolean }) => m.automatic)).toEqual([true, false]);
  });

  it("is stored and flagged, never acknowledged, and never reopens a ticket", async () => {
    const ws = await workspace();
    await receive(ws, { from: "Newsletter <news@shop.example>", subject: "Weekly deals", headers: { "List-Id": "<deals.shop.example>", Precedence: "bulk" } });
    const [ticket] = await automaticTickets(ws);
    expect((await messagesOf(ws, ticket.id))[0]).toMatchObject({ kind: "customer" });
    const flagged = await env.DB.prepare("select automatic from messages where ticket_id = ?").bind(ticket.id).first<{ automatic: number }>();
    expect(flagged!.automatic).toBe(1);
    expect(await outbox(ws)).toEqual([]);
    expect(await deliveries(ws)).toEqual(["automatic"]);

    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "solved" } });
    await receive(ws, { from: "Newsletter <news@shop.example>", subject: `Re: [#${ticket.number}] Weekly deals`, headers: { "Auto-Submitted": "auto-replied" } });
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.status).toBe("solved");
  });

  it("two auto-responders cannot loop: marked ones get nothing, unmarked ones are acknowledged at most 3 times an hour", async () => {
    const ws = await workspace();
    for (let i = 0; i < 5; i++) await receive(ws, { from: "robot@vacation.example", subject: `Out of office ${i}`, headers: { "Auto-Submitted": "auto-replied", "X-Autoreply": "yes" } });
    expect(await outbox(ws)).toEqual([]);
    for (let i = 0; i < 6; i++) await receive(ws, { from: "dumb-bot@loop.example", subject: `I am away (${i})` });
    expect((await outbox(ws)).filter((m: { to: string }) => m.to === "dumb-bot@loop.example")).toHaveLength(3);
    // Our own acknowledgement coming back (X-Loop names us) is automatic too.
    await receive(ws, { from: `Acme <${ws.address}>`, subject: "[#1] We received your request", headers: { "X-Loop": "kefu" } });
    expect((await outbox(ws)).filter((m: { to: string }) => m.to === ws.address)).toEqual([]);
  });

  it("a bounce of our reply marks that message bounced and opens no ticket", async () => {
    const ws = await workspace();
    await receive(ws, { from: "Li Wei <li.wei@example.com>", messageId: "q9@mail.example.com" });
    const [ticket] = await tickets(ws);
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Hello!" } });
    const reply = (await outbox(ws)).find((m: { purpose: string }) => m.purpose === "reply");
    const boundary = "b0unce";
    const bounce = [
      "From: Mail Delivery Subsystem <mailer-daemon@mx.example.com>",
      `To: ${ws.address}`,
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn1@mx.example.com>",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain",
      "",
      "This is the mail system. Your message could not be delivered.",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.com",
      "",
      "Final-Recipient: rfc822; li.wei@example.com",
      "Action: failed",
      "Status: 5.1.1",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      "",
      `From: ${ws.address}`,
      "To: li.wei@example.com",
      `Message-ID: <${reply.messageId}>`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    expect((await deliverEmail(bounce, { from: "", to: ws.address })).error).toBeNull();
    expect(await tickets(ws)).toHaveLength(1);
    const bounced = (await outbox(ws)).find((m: { id: string }) => m.id === reply.id);
    expect(bounced).toMatchObject({ status: "bounced", lastError: expect.stringContaining("Undelivered") });
    expect((await deliveries(ws))[0]).toBe("bounce");
  });
});

describe("nothing is lost", () => {
  it("a message that cannot be parsed is kept raw and quarantined for an admin to see and re-process", async () => {
    const ws = await workspace();
    // Deeper MIME nesting than the parser allows.
    const depth = 300;
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join("");
    const raw = `From: deep@example.com\r\nTo: ${ws.address}\r\nSubject: Deep\r\nMessage-ID: <deep@example.com>\r\nMIME-Version: 1.0\r\n${open}Content-Type: text/plain\r\n\r\nhi\r\n`;
    expect((await deliverEmail(raw, { from: "deep@example.com", to: ws.address })).error).toBeNull();
    expect(await tickets(ws)).toEqual([]);
    const quarantined = (await call("GET", "/inbound-messages?status=quarantined", { token: ws.token })).body.items;
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0].detail).toMatch(/parse/i);
    const stored = await call("GET", `/inbound-messages/${quarantined[0].id}/raw`, { token: ws.token });
    expect(stored.status).toBe(200);
    expect(String(stored.body)).toContain("Subject: Deep");
    const again = await call("POST", `/inbound-messages/${quarantined[0].id}/reprocess`, { token: ws.token });
    expect(again.body.outcome).toBe("quarantined");
    expect(await deliveries(ws)).toEqual(["quarantined", "quarantined"]);
  });

  it("an R2 failure is a temporary error; a D1 failure after the message is recorded defers it; either way exactly one ticket", async () => {
    const ws = await workspace();
    const raw = email({ to: ws.address, messageId: "flaky@mail.example.com", subject: "Flaky infrastructure" });
    const envelope = { from: "li.wei@example.com", to: ws.address };
    const failingR2 = { ...env, BLOBS: { put: () => Promise.reject(new Error("R2 unavailable")) } } as unknown as Env;
    expect(String((await deliverEmail(raw, envelope, failingR2)).error)).toContain("R2 unavailable");
    // D1 fails on the batch that files the message (after the raw message is stored and recorded).
    const failingBatch = new Proxy(env.DB, {
      get: (target, key) => (key === "batch" ? () => Promise.reject(new Error("D1 overloaded")) : Reflect.get(target, key).bind(target)),
    });
    expect((await deliverEmail(raw, envelope, { ...env, DB: failingBatch } as Env)).error).toBeNull();
    expect(await tickets(ws)).toEqual([]);
    expect((await call("GET", "/background-failures", { token: ws.token })).body.items).toMatchObject([{ kind: "inbound_mail", error: "D1 overloaded", attempts: 1 }]);
    expect((await deliverEmail(raw, envelope)).error).toBeNull();
    expect((await deliverEmail(raw, envelope)).error).toBeNull();
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["Flaky infrastructure"]);
    expect((await outbox(ws)).filter((m: { purpose: string }) => m.purpose === "acknowledgement")).toHaveLength(1);
    // The re-delivery finished it; the cron has nothing left to do and the failure is gone.
    await tick(new Date(Date.now() + 5 * 60_000));
    expect(await tickets(ws)).toHaveLength(1);
    expect((await call("GET", "/background-failures", { token: ws.token })).body.items).toEqual([]);
  });

  it("a message whose processing fails is accepted, shown to the admins, and processed by the cron once the cause is gone", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    // A real database failure for this workspace's tickets only (e.g. a bad row, a bug).
    await env.DB.prepare(`create trigger poison_ingest before insert on tickets when new.tenant_id = '${ws.workspace.id}' begin select raise(abort, 'cannot file tickets'); end`).run();
    const result = await deliverEmail(email({ to: ws.address, subject: "Kettle leaks" }), { from: "li.wei@example.com", to: ws.address });
    expect(result).toEqual({ rejected: [], error: null });
    expect(await deliveries(ws)).toEqual(["deferred"]);
    const [failure] = (await call("GET", "/background-failures", { token: ws.token })).body.items;
    expect(failure).toMatchObject({ kind: "inbound_mail", attempts: 1, error: expect.stringContaining("cannot file tickets") });
    await tick(new Date(Date.now() + 2 * 60_000));
    expect((await call("GET", "/background-failures", { token: ws.token })).body.items).toMatchObject([{ kind: "inbound_mail", attempts: 2 }]);

    await env.DB.prepare("drop trigger poison_ingest").run();
    await tick(new Date(Date.now() + 10 * 60_000));
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["Kettle leaks"]);
    expect((await outbox(ws)).filter((m: { purpose: string }) => m.purpose === "acknowledgement")).toHaveLength(1);
    expect((await call("GET", "/background-failures", { token: ws.token })).body.items).toEqual([]);
  });
});

describe("spam", () => {
  it("goes to the spam view by block list or score, never silently deleted, and can be released", async () => {
    const ws = await workspace();
    const put = await call("PUT", "/spam-settings", { token: ws.token, body: { scoreThreshold: 5, scoreHeader: "X-CF-Spamh-Score", blockList: ["@spammy.example", "Pest@Example.com"] } });
    expect(put.body).toEqual({ scoreThreshold: 5, scoreHeader: "x-cf-spamh-score", blockList: ["@spammy.example", "pest@example.com"] });
    await receive(ws, { from: "deals@spammy.example", subject: "Cheap watches" });
    await receive(ws, { from: "pest@example.com", subject: "Again" });
    await receive(ws, { from: "someone@fine.example", subject: "Scored high", headers: { "X-CF-Spamh-Score": "7" } });
    await receive(ws, { from: "someone@fine.example", subject: "Scored low", headers: { "X-CF-Spamh-Score": "1" } });
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["Scored low"]);
    const spam = (await call("GET", "/inbound-messages?status=spam", { token: ws.token })).body.items;
    expect(spam.map((m: { subject: string }) => m.subject).sort()).toEqual(["Again", "Cheap watches", "Scored high"]);
    const released = await call("POST", `/inbound-messages/${spam.find((m: { subject: string }) => m.subject === "Scored high").id}/reprocess`, { token: ws.token });
    expect(released.body.outcome).toBe("ticket_created");
    expect((await tickets(ws)).map((t: { subject: string }) => t.subject)).toEqual(["Scored low", "Scored high"]);
    expect((await call("PUT", "/spam-settings", { token: ws.token, body: { scoreThreshold: null, scoreHeader: "x", blockList: ["not an address"] } })).status).toBe(422);
  });
});

describe("content", () => {
  it("stores attachments in R2, resolves inline cid: images, sanitises HTML, and says what was dropped", async () => {
    const ws = await workspace();
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const raw = [
      "From: Li Wei <li.wei@example.com>",
      `To: ${ws.address}`,
      "Subject: =?UTF-8?B?6K6i5Y2V6Zeu6aKY?=",
      "Message-ID: <rich@mail.example.com>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "--outer",
      'Content-Type: multipart/related; boundary="rel"',
      "",
      "--rel",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p onclick="steal()">See photo: <img src="cid:photo1@mail"> and <img src="https://tracker.example/p.gif"></p><script>alert(1)</script>',
      "--rel",
      "Content-Type: image/png",
      "Content-ID: <photo1@mail>",
      "Content-Disposition: inline; filename=photo.png",
      "Content-Transfer-Encoding: base64",
      "",
      png,
      "--rel--",
      "--outer",
      "Content-Type: application/pdf",
      "Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf",
      "Content-Transfer-Encoding: base64",
      "",
      btoa("%PDF-1.4 invoice"),
      "--outer",
      "Content-Type: application/zip",
      'Content-Disposition: attachment; filename="huge.zip"',
      "Content-Transfer-Encoding: base64",
      "",
      btoa("x".repeat(3000)),
      "--outer--",
      "",
    ].join("\r\n");
    const { acceptInbound } = await import("../../workers/core/mail/ingest");
    const { routeRecipient } = await import("../../workers/core/mail/support-addresses");
    const { openDb } = await import("../../workers/core/db");
    const db = openDb(env.DB);
    const route = (await routeRecipient(db, ws.address, "kefu.localhost"))!;
    const mail = { mailer: { send: async () => undefined }, mailDomain: "kefu.localhost" };
    const bytes = new TextEncoder().encode(raw);
    const result = await acceptInbound({ db, blobs: env.BLOBS, mail, attachmentLimits: { maxFileBytes: 2000, maxTotalBytes: 10_000 } }, route, { from: "li.wei@example.com", to: ws.address, rawSize: bytes.byteLength }, bytes, "<rich@mail.example.com>");
    expect(result.outcome).toBe("ticket_created");

    const [ticket] = await tickets(ws);
    expect(ticket.subject).toBe("订单问题");
    const files = (await call("GET", `/tickets/${ticket.id}/attachments`, { token: ws.token })).body.items;
    expect(files.map((f: { filename: string; stored: boolean }) => [f.filename, f.stored])).toEqual([
      ["photo.png", true],
      ["发票.pdf", true],
      ["huge.zip", false],
    ]);
    expect(files[2].droppedReason).toMatch(/over the .* limit per file/);
    const pdf = await call("GET", `/attachments/${files[1].id}/content`, { token: ws.token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(String(pdf.body)).toBe("%PDF-1.4 invoice");

    const [message] = await messagesOf(ws, ticket.id);
    expect(message.bodyHtml).toContain(`src="/api/v1/attachments/${files[0].id}/content"`);
    expect(message.bodyHtml).not.toMatch(/<script|onclick|\ssrc="https:\/\/tracker/);
    expect(message.bodyHtml).toContain('data-remote-src="https://tracker.example/p.gif"');
    expect(message.bodyText).toContain("See photo:");
  });
});

describe("support addresses", () => {
  it("a custom address shows forwarding instructions and becomes 'receiving' when the check mail comes back", async () => {
    const ws = await workspace();
    const created = await call("POST", "/support-addresses", { token: ws.token, body: { address: "Help@Acme-Tea.example", displayName: "Acme Help" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ address: "help@acme-tea.example", forwardTo: ws.address, status: "waiting_for_mail", builtIn: false });
    expect((await call("POST", "/support-addresses", { token: ws.token, body: { address: "help@acme-tea.example", displayName: "Again" } })).status).toBe(409);
    expect((await call("POST", "/support-addresses", { token: ws.token, body: { address: "x@kefu.localhost", displayName: "Nope" } })).status).toBe(422);

    expect((await call("POST", `/support-addresses/${created.body.id}/forwarding-check`, { token: ws.token })).status).toBe(202);
    const check = (await outbox(ws)).find((m: { purpose: string }) => m.purpose === "forwarding_check");
    expect(check).toMatchObject({ to: "help@acme-tea.example", from: `Acme Tea <${ws.address}>` });
    // The customer's mail server forwards it back to the built-in address.
    const back = email({ from: `Acme Tea <${ws.address}>`, to: "help@acme-tea.example", subject: check.subject, headers: { "X-Kefu-Verification": check.headers["X-Kefu-Verification"] } });
    expect((await deliverEmail(back, { from: ws.address, to: ws.address })).error).toBeNull();
    expect((await call("GET", `/support-addresses/${created.body.id}`, { token: ws.token })).body.status).toBe("receiving");
    expect(await tickets(ws)).toEqual([]);
    expect(await deliveries(ws)).toEqual(["verification"]);
  });

  it("mail forwarded from a custom address files under it, and replies leave from it", async () => {
    const ws = await workspace();
    const group = (await call("GET", "/groups", { token: ws.token })).body.items[1];
    const created = await call("POST", "/support-addresses", { token: ws.token, body: { address: "vip@acme-tea.example", displayName: "Acme VIP desk", defaultGroupId: group.id, defaultPriority: "high" } });
    await receive(ws, { to: "vip@acme-tea.example", subject: "Forwarded to us" });
    const [ticket] = await tickets(ws);
    expect(ticket).toMatchObject({ groupId: group.id, priority: "high" });
    expect((await call("GET", `/support-addresses/${created.body.id}`, { token: ws.token })).body.status).toBe("receiving");
    const ack = (await outbox(ws))[0];
    expect(ack.from).toBe("Acme VIP desk <vip@acme-tea.example>");
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "On it." } });
    expect((await outbox(ws))[0]).toMatchObject({ purpose: "reply", replyTo: "vip@acme-tea.example" });
    expect((await call("DELETE", `/support-addresses/${created.body.id}`, { token: ws.token })).status).toBe(204);
    const builtIn = (await call("GET", "/support-addresses", { token: ws.token })).body.items[0];
    expect((await call("DELETE", `/support-addresses/${builtIn.id}`, { token: ws.token })).status).toBe(409);
  });
});

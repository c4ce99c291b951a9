import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { surveys } from "../../schema";
import { openDb } from "../../workers/core/db";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail } from "../helpers/mail";

/**
 * Customer data rights: export everything about a customer; erase their personal data from D1
 * and R2 while the tickets, their history and ratings keep the reports right.
 */
type Workspace = Awaited<ReturnType<typeof newWorkspace>>;
let ws: Workspace;
let agentToken: string;
let customerId: string;
let ticketId: string;
let otherTicketId: string;

const ADDRESS = "zhao.mingyue@example.org";
/** Text that is the customer's (or about them) and must be gone after erasure. */
const SECRETS = ["Mingyue", "zhao.mingyue", "GAIWANSUBJECT", "CRACKEDBODY", "13800138000", "NOTESECRET", "COMMENTSECRET", "RECEIPTFILE", "Jade Teahouse"];

function customerMail(to: string) {
  return [
    `From: Zhao Mingyue <${ADDRESS}>`,
    `To: ${to}`,
    "Subject: Cracked gaiwan GAIWANSUBJECT",
    "Message-ID: <order-8812@mx.example.org>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "My gaiwan arrived CRACKEDBODY. Call me on 13800138000.",
    "--b",
    'Content-Type: text/plain; name="RECEIPTFILE.txt"',
    "Content-Disposition: attachment; filename=RECEIPTFILE.txt",
    "",
    "Receipt for Zhao Mingyue",
    "--b--",
    "",
  ].join("\r\n");
}

const today = () => new Date().toISOString().slice(0, 10);
const kpis = async () => {
  const res = await call("GET", `/reports/kpis?from=${today()}&to=${today()}`, { token: ws.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total;
};

/** Every row of every table we can read, as text (FTS5's binary segment tables excepted). */
async function everyRow(): Promise<Record<string, string>> {
  const tables = await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name not like 'd1_%'").all<{ name: string }>();
  const out: Record<string, string> = {};
  for (const { name } of tables.results) {
    if (name === "ticket_search_data" || name === "ticket_search_idx") continue;
    const rows = await env.DB.prepare(`select * from "${name}"`).all();
    out[name] = JSON.stringify(rows.results);
  }
  return out;
}

async function storedKeys(): Promise<{ raw: string[]; attachments: string[] }> {
  const raw = await env.DB.prepare("select raw_key as key from inbound_messages where tenant_id = ?").bind(ws.workspace.id).all<{ key: string }>();
  const files = await env.BLOBS.list({ prefix: `att/${ws.workspace.id}/` });
  return { raw: raw.results.map((r) => r.key), attachments: files.objects.map((o) => o.key) };
}

beforeAll(async () => {
  ws = await newWorkspace("Rights");
  agentToken = (await newMember(ws.token, "agent")).token;
  const mailed = await deliverEmail(customerMail(`${ws.slug}@kefu.localhost`), { from: ADDRESS, to: `${ws.slug}@kefu.localhost` });
  expect(mailed.error).toBeNull();
  const found = await call("GET", `/customers?q=${encodeURIComponent(ADDRESS)}`, { token: ws.token });
  customerId = found.body.items[0].id;
  await call("PATCH", `/customers/${customerId}`, { token: ws.token, body: { organization: "Jade Teahouse", notes: "Prefers calls, Mingyue" } });
  const list = await call("GET", `/tickets?requesterId=${customerId}`, { token: ws.token });
  ticketId = list.body.items[0].id;
  const steps = [
    call("PATCH", `/tickets/${ticketId}`, { token: ws.token, body: { subject: "Cracked gaiwan GAIWANSUBJECT (replacement)", tags: ["breakage"] } }),
    // Sent with an Idempotency-Key: the answer kept for replays quotes the note, and must go too.
    call("POST", `/tickets/${ticketId}/messages`, { token: ws.token, body: { kind: "note", body: "Zhao Mingyue phoned: NOTESECRET" }, headers: { "Idempotency-Key": "note-1" } }),
    call("POST", `/tickets/${ticketId}/messages`, { token: ws.token, body: { kind: "reply", body: "Dear Zhao Mingyue, a new gaiwan is on its way.", status: "solved" } }),
  ];
  for (const step of steps) {
    const res = await step;
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  }
  const ticket = (await call("GET", `/tickets/${ticketId}`, { token: ws.token })).body;
  const now = new Date();
  await openDb(env.DB)
    .insert(surveys)
    .values({ id: `srv_${crypto.randomUUID()}`, tenantId: ws.workspace.id, ticketId, customerId, solvedAt: new Date(ticket.solvedAt), scale: "good_bad", language: "en", rating: 1, comment: "Lovely COMMENTSECRET", answeredAt: now, createdAt: now, updatedAt: now });
  otherTicketId = (await newTicket(ws.token, { subject: "Another customer's order", requester: { email: "li.wei@example.com", name: "Li Wei" } })).id;
});

describe("customer export", () => {
  it("gives admins everything about the customer as a JSON download", async () => {
    const res = await call("GET", `/customers/${customerId}/export`, { token: ws.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="customer-${customerId}.json"`);
    const data = res.body;
    expect(data.customer).toMatchObject({ id: customerId, name: "Zhao Mingyue", emails: [ADDRESS], organization: "Jade Teahouse" });
    expect(data.tickets).toHaveLength(1);
    const [ticket] = data.tickets;
    expect(ticket).toMatchObject({ id: ticketId, subject: "Cracked gaiwan GAIWANSUBJECT (replacement)", status: "solved", channel: "email", tags: ["breakage"], internalNoteCount: 1 });
    expect(ticket.messages.map((m: { kind: string }) => m.kind)).toEqual(["customer", "reply"]);
    expect(ticket.messages[0]).toMatchObject({ fromAddress: ADDRESS, fromName: "Zhao Mingyue" });
    expect(ticket.messages[0].bodyText).toContain("CRACKEDBODY");
    expect(ticket.attachments).toEqual([expect.objectContaining({ filename: "RECEIPTFILE.txt", contentType: "text/plain", stored: true, messageId: ticket.messages[0].id })]);
    expect(ticket.satisfaction).toEqual([expect.objectContaining({ rating: 1, comment: "Lovely COMMENTSECRET", scale: "good_bad" })]);
    expect(data.inboundMail).toEqual([expect.objectContaining({ subject: "Cracked gaiwan GAIWANSUBJECT", fromAddress: ADDRESS, status: "processed", ticketId })]);
    expect(data.outboundMail.map((m: { purpose: string }) => m.purpose).sort()).toEqual(expect.arrayContaining(["reply"]));
    // Internal notes are the workspace's own working notes: counted, not exported.
    expect(JSON.stringify(data)).not.toContain("NOTESECRET");
    // Nothing of another customer.
    expect(JSON.stringify(data)).not.toContain(otherTicketId);
  });

  it("is for admins only, and 404 for another workspace's customer", async () => {
    expectProblem(await call("GET", `/customers/${customerId}/export`, { token: agentToken }), 403, "forbidden");
    const other = await newWorkspace("Elsewhere");
    expectProblem(await call("GET", `/customers/${customerId}/export`, { token: other.token }), 404);
  });
});

describe("customer erasure", () => {
  it("refuses agents, a missing or wrong confirmation, and another workspace", async () => {
    expectProblem(await call("POST", `/customers/${customerId}/erase`, { token: agentToken, body: { confirm: "ERASE" } }), 403, "forbidden");
    expectProblem(await call("POST", `/customers/${customerId}/erase`, { token: ws.token, body: {} }), 422, "validation_failed");
    expectProblem(await call("POST", `/customers/${customerId}/erase`, { token: ws.token, body: { confirm: "erase" } }), 422, "validation_failed");
    const other = await newWorkspace("Elsewhere");
    expectProblem(await call("POST", `/customers/${customerId}/erase`, { token: other.token, body: { confirm: "ERASE" } }), 404);
    // Nothing happened.
    expect((await call("GET", `/customers/${customerId}`, { token: ws.token })).body.name).toBe("Zhao Mingyue");
  });

  it("removes the personal data from D1 and R2, keeps tickets and ratings for the reports, and can run again", async () => {
    const before = await everyRow();
    expect(Object.values(before).join("\n")).toContain("NOTESECRET");
    const keys = await storedKeys();
    expect(keys.raw).toHaveLength(1);
    expect(keys.attachments).toHaveLength(1);
    for (const key of [...keys.raw, ...keys.attachments]) expect(await env.BLOBS.get(key), key).not.toBeNull();
    const kpisBefore = await kpis();
    expect(kpisBefore.ticketsCreated).toBe(2);
    expect(kpisBefore.csat.score.denominator).toBe(1);

    const res = await call("POST", `/customers/${customerId}/erase`, { token: ws.token, body: { confirm: "ERASE" } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ customerId, ticketsAnonymised: 1, messagesErased: 3, attachmentsRemoved: 1, inboundMailErased: 1, ratingsKept: 1, storedFilesDeleted: 2 });
    expect(res.body.outboundMailErased).toBeGreaterThanOrEqual(1);

    // No table holds any of it any more.
    const after = await everyRow();
    for (const [table, rows] of Object.entries(after)) for (const secret of SECRETS) expect(rows, `${secret} in ${table}`).not.toContain(secret);
    expect(after.ticket_search).not.toContain(ticketId);
    // R2: the raw mail and the attachment are gone.
    for (const key of [...keys.raw, ...keys.attachments]) expect(await env.BLOBS.get(key), key).toBeNull();

    // The customer and the ticket remain, anonymised.
    const customer = (await call("GET", `/customers/${customerId}`, { token: ws.token })).body;
    expect(customer).toMatchObject({ name: "Erased customer", emails: [], organization: null, notes: "", surveyOptOut: true });
    const ticket = (await call("GET", `/tickets/${ticketId}`, { token: ws.token })).body;
    expect(ticket).toMatchObject({ subject: "[erased]", status: "solved", channel: "email", tags: ["breakage"] });
    const messages = (await call("GET", `/tickets/${ticketId}/messages`, { token: ws.token })).body.items;
    expect(messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(["[erased]", "[erased]", "[erased]"]);
    expect((await call("GET", `/tickets/${ticketId}/attachments`, { token: ws.token })).body.items).toEqual([]);
    // The history keeps every event; subject values are placeholders.
    const events = (await call("GET", `/tickets/${ticketId}/events`, { token: ws.token })).body.items as { field: string | null; oldValue: string | null; newValue: string | null }[];
    expect(events.length).toBeGreaterThan(5);
    for (const e of events.filter((e) => e.field === "subject")) {
      expect(e.newValue).toBe("[erased]");
      if (e.oldValue !== null) expect(e.oldValue).toBe("[erased]");
    }
    // The other customer's ticket is untouched.
    expect((await call("GET", `/tickets/${otherTicketId}`, { token: ws.token })).body.subject).toBe("Another customer's order");
    expect(after.ticket_search).toContain("Another customer");

    // The reports count the same tickets and the same rating.
    const kpisAfter = await kpis();
    expect(kpisAfter).toEqual(kpisBefore);

    // Search finds them nowhere.
    for (const q of ["Mingyue", ADDRESS, "Jade"]) expect((await call("GET", `/customers?q=${encodeURIComponent(q)}`, { token: ws.token })).body.items, q).toEqual([]);
    for (const q of ["GAIWANSUBJECT", "CRACKEDBODY", "gaiwan", "Mingyue"]) expect((await call("GET", `/tickets?q=${encodeURIComponent(q)}`, { token: ws.token })).body.items, q).toEqual([]);
    // The export now says nothing personal.
    const exported = await call("GET", `/customers/${customerId}/export`, { token: ws.token });
    for (const secret of SECRETS) expect(JSON.stringify(exported.body)).not.toContain(secret);

    // Erasing again is harmless: nothing left to remove, the same figures.
    const again = await call("POST", `/customers/${customerId}/erase`, { token: ws.token, body: { confirm: "ERASE" } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ ticketsAnonymised: 1, messagesErased: 0, attachmentsRemoved: 0, outboundMailErased: 0, ratingsKept: 1 });
    // (The audit log, which records both requests, is the one table that grows.)
    const { audit_events: _auditAfter, ...restAfter } = after;
    const { audit_events: _auditAgain, ...restAgain } = await everyRow();
    expect(restAgain).toEqual(restAfter);
    expect(await kpis()).toEqual(kpisBefore);
  });
});

import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail } from "../helpers/mail";

/**
 * Tenant A's credential aimed at tenant B's objects. Every route taking an id is found in
 * the OpenAPI document, so a route added later without an entry here fails this test.
 */
type Workspace = Awaited<ReturnType<typeof newWorkspace>>;
let a: Workspace;
let b: Workspace;
const bIds: Record<string, string> = {};
const aIds: Record<string, string> = {};
const SECRET_WORD = "zebracorn";

beforeAll(async () => {
  [a, b] = await Promise.all([newWorkspace("Alpha"), newWorkspace("Beta")]);
  for (const [ws, ids] of [
    [a, aIds],
    [b, bIds],
  ] as const) {
    const agent = await newMember(ws.token);
    const ticket = await newTicket(ws.token, { subject: ws === b ? `Secret ${SECRET_WORD} order` : "Alpha order", requester: { email: `buyer@${ws.slug}.example` } });
    await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: `Reply ${ws === b ? SECRET_WORD : ""}` } });
    const firstMessage = (await call("GET", `/tickets/${ticket.id}/messages`, { token: ws.token })).body.items[0];
    const customer = await call("POST", "/customers", { token: ws.token, body: { name: "Other", emails: [`other@${ws.slug}.example`] } });
    const group = (await call("GET", "/groups", { token: ws.token })).body.items[0];
    const reply = await call("POST", "/standard-replies", { token: ws.token, body: { title: "Hello", body: "Hello {{customer.name}}" } });
    const macro = await call("POST", "/macros", { token: ws.token, body: { title: "Refund", replyText: "Hello {{customer.name}}", actions: [{ type: "set_priority", value: "high" }], shared: true } });
    const savedView = await call("POST", "/saved-views", { token: ws.token, body: { name: "Open", filters: { status: "open" }, shared: true } });
    const invitation = await call("POST", "/invitations", { token: ws.token, body: { email: `invitee@${ws.slug}.example` } });
    const apiToken = await call("POST", "/api-tokens", { token: ws.token, body: { name: "t", scope: "read" } });
    const supportAddress = await call("POST", "/support-addresses", { token: ws.token, body: { address: `help@${ws.slug}.example`, displayName: "Help" } });
    const mailed = await deliverEmail(mailWithAttachment(`${ws.slug}@kefu.localhost`, ws === b ? SECRET_WORD : "alpha"), { from: "mailer@example.com", to: `${ws.slug}@kefu.localhost` });
    expect(mailed.error).toBeNull();
    const mailTicket = (await call("GET", "/tickets?sort=number&order=desc&limit=1", { token: ws.token })).body.items[0];
    const attachment = (await call("GET", `/tickets/${mailTicket.id}/attachments`, { token: ws.token })).body.items[0];
    const inbound = await env.DB.prepare("select id from inbound_messages where ticket_id = ?").bind(mailTicket.id).first<{ id: string }>();
    const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
    const calendar = await call("POST", "/business-calendars", { token: ws.token, body: { name: "Office", timeZone: "Asia/Shanghai", weekly: weekdays, holidays: [], workdays: [] } });
    const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "All", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } } });
    const webhook = await call("POST", "/webhooks", { token: ws.token, body: { name: "Alerts", url: `https://hooks.${ws.slug}.example/kefu` } });
    const trigger = await call("POST", "/triggers", { token: ws.token, body: { name: "Tag all", events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [{ type: "add_tags", tags: ["seen"] }] } });
    const automation = await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "pending_solve_7d" } });
    expect(webhook.status, JSON.stringify(webhook.body)).toBe(201);
    const upload = await uploadFile(ws.token);
    Object.assign(ids, {
      tickets: ticket.id,
      messages: firstMessage.id,
      requester: ticket.requesterId,
      customers: customer.body.id,
      users: agent.user.id,
      groups: group.id,
      "standard-replies": reply.body.id,
      "saved-views": savedView.body.id,
      macros: macro.body.id,
      invitations: invitation.body.invitation.id,
      "api-tokens": apiToken.body.apiToken.id,
      "support-addresses": supportAddress.body.id,
      "inbound-messages": inbound!.id,
      attachments: attachment.id,
      "business-calendars": calendar.body.id,
      "sla-policies": policy.body.id,
      webhooks: webhook.body.webhook.id,
      triggers: trigger.body.id,
      automations: automation.body.id,
      uploads: upload.id,
    });
  }
}, 180_000);

/** An upload not sent yet (POST /uploads takes the file's bytes, not JSON). */
async function uploadFile(token: string): Promise<{ id: string }> {
  const res = await exports.default.fetch(
    new Request("https://kefu.test/api/v1/uploads?filename=quote.txt", { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" }, body: `Quote ${SECRET_WORD}` }),
  );
  expect(res.status).toBe(201);
  return res.json();
}

/** B's upload is still there and still B's to send (a note on B's ticket takes it). */
async function uploadStillB() {
  const row = await env.DB.prepare("select id from uploads where id = ?").bind(bIds.uploads).first<{ id: string }>();
  expect(row?.id).toBe(bIds.uploads);
}

/** A body that passes validation for each route with a body, so the request reaches the lookup. */
const validBodies: Record<string, (ids: Record<string, string>) => unknown> = {
  "PATCH /tickets/{id}": () => ({ priority: "urgent" }),
  "POST /tickets/{id}/messages": () => ({ kind: "note", body: "peek" }),
  "POST /tickets/{id}/merge": (ids) => ({ sourceIds: [ids.tickets] }),
  "POST /tickets/{id}/messages/{messageId}/split": () => ({}),
  "PATCH /customers/{id}": () => ({ name: "Renamed" }),
  "POST /customers/{id}/merge": (ids) => ({ sourceCustomerId: ids.customers }),
  "POST /customers/{id}/erase": () => ({ confirm: "ERASE" }),
  "PATCH /users/{id}": () => ({ name: "Renamed" }),
  "PATCH /groups/{id}": () => ({ name: "Renamed" }),
  "POST /groups/{id}/members": (ids) => ({ userId: ids.users }),
  "PUT /groups/{id}/assignment": () => ({ method: "round_robin", cap: null, skills: "none", calendarId: null, returnToPoolMinutes: null }),
  "PUT /users/{id}/availability": () => ({ available: true }),
  "PUT /users/{id}/skills": () => ({ tags: ["peek"], languages: [] }),
  "PATCH /standard-replies/{id}": () => ({ title: "Renamed" }),
  "PATCH /saved-views/{id}": () => ({ name: "Renamed" }),
  "PATCH /macros/{id}": () => ({ title: "Renamed" }),
  "POST /standard-replies/{id}/render": (ids) => ({ ticketId: ids.tickets }),
  "PATCH /support-addresses/{id}": () => ({ displayName: "Renamed" }),
  "PATCH /business-calendars/{id}": () => ({ name: "Renamed" }),
  "PATCH /sla-policies/{id}": () => ({ name: "Renamed" }),
  "PATCH /triggers/{id}": () => ({ name: "Renamed" }),
  "PATCH /automations/{id}": () => ({ name: "Renamed" }),
  "PATCH /webhooks/{id}": () => ({ name: "Renamed", url: "https://hooks.example.com/stolen" }),
};

function mailWithAttachment(to: string, word: string) {
  return [
    "From: Mailer <mailer@example.com>",
    `To: ${to}`,
    `Subject: Invoice ${word}`,
    `Message-ID: <${word}.${to}>`,
    'Content-Type: multipart/mixed; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain",
    "",
    `Please find the invoice ${word} attached.`,
    "--b",
    'Content-Type: text/plain; name="invoice.txt"',
    "Content-Disposition: attachment; filename=invoice.txt",
    "",
    `Invoice ${word}`,
    "--b--",
    "",
  ].join("\r\n");
}

async function routesWithIds() {
  const doc = (await call("GET", "/openapi.json")).body;
  const routes: { method: string; path: string; hasBody: boolean }[] = [];
  for (const [path, operations] of Object.entries<Record<string, { requestBody?: unknown }>>(doc.paths))
    for (const [method, operation] of Object.entries(operations))
      if (path.includes("{id}")) routes.push({ method: method.toUpperCase(), path, hasBody: Boolean(operation.requestBody) });
  return routes;
}

describe("tenant isolation", () => {
  it("every route taking an id answers 404 for another workspace's object, and changes nothing", async () => {
    const routes = await routesWithIds();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const before = await snapshotOfB();
    for (const { method, path, hasBody } of routes) {
      const kind = path.split("/")[1]!;
      expect(bIds[kind], `no object of kind ${kind} for ${method} ${path}`).toBeDefined();
      const key = `${method} ${path}`;
      const needsBody = hasBody;
      if (needsBody) expect(validBodies[key], `add a valid body for ${key}`).toBeDefined();
      // The body names A's own objects, so only the path points into B.
      const body = needsBody ? validBodies[key]!(aIds) : undefined;
      const url = path.replace("{id}", bIds[kind]!).replace("{userId}", aIds.users!).replace("{messageId}", aIds.messages!).replace("{macroId}", aIds.macros!);
      const res = await call(method, url, { token: a.token, body });
      expect(res.status, `${key} → ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body.detail, key).not.toMatch(/^No route/);
      expect(JSON.stringify(res.body)).not.toContain(SECRET_WORD);
      // Control: the same read with B's own credential finds the object.
      if (method === "GET") expect((await call(method, url, { token: b.token })).status, `${key} as B`).toBe(200);
    }
    expect(await snapshotOfB()).toEqual(before);
    await uploadStillB();
  }, 180_000);

  it("ids of another workspace inside a request body are refused too", async () => {
    const before = await snapshotOfB();
    const cases: [string, string, unknown, number][] = [
      ["POST", "/tickets", { subject: "s", description: "d", requester: { id: bIds.requester } }, 422],
      ["PATCH", `/tickets/${aIds.tickets}`, { assigneeId: bIds.users }, 422],
      ["PATCH", `/tickets/${aIds.tickets}`, { groupId: bIds.groups }, 422],
      ["PATCH", `/tickets/${aIds.tickets}`, { requesterId: bIds.customers }, 422],
      ["POST", `/tickets/${aIds.tickets}/messages`, { kind: "reply", standardReplyId: bIds["standard-replies"] }, 404],
      ["POST", `/tickets/${aIds.tickets}/messages`, { kind: "note", body: "x", attachments: [bIds.uploads] }, 422],
      ["POST", `/customers/${aIds.customers}/merge`, { sourceCustomerId: bIds.customers }, 404],
      ["POST", `/tickets/${aIds.tickets}/merge`, { sourceIds: [bIds.tickets] }, 404],
      ["POST", "/bulk/tickets/merge", { targetId: bIds.tickets, sourceIds: [aIds.tickets] }, 404],
      ["POST", `/tickets/${aIds.tickets}/messages/${bIds.messages}/split`, {}, 404],
      ["POST", `/groups/${aIds.groups}/members`, { userId: bIds.users }, 422],
      ["POST", "/triggers", { name: "Steal", events: ["ticket_created"], conditions: { all: [{ field: "group", op: "is", value: [bIds.groups] }], any: [] }, actions: [{ type: "set_assignee", assigneeId: bIds.users }] }, 422],
      ["PATCH", `/triggers/${aIds.triggers}`, { actions: [{ type: "set_group", groupId: bIds.groups }] }, 422],
      ["PATCH", `/automations/${aIds.automations}`, { actions: [{ type: "set_group", groupId: bIds.groups }] }, 422],
      ["POST", "/automations/from-preset", { preset: "vip_unassigned_30m", groupId: bIds.groups }, 422],
      ["POST", `/standard-replies/${aIds["standard-replies"]}/render`, { ticketId: bIds.tickets }, 404],
      ["POST", `/tickets/${aIds.tickets}/macros/${bIds.macros}/preview`, undefined, 404],
      ["POST", `/tickets/${aIds.tickets}/macros/${bIds.macros}/apply`, undefined, 404],
      ["POST", "/bulk/tickets/macro", { ids: [aIds.tickets], macroId: bIds.macros }, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await call(method, path, { token: a.token, body });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(status);
    }
    expect(await snapshotOfB()).toEqual(before);
    await uploadStillB();
  }, 180_000);

  it("lists, filters and search never return another workspace's rows", async () => {
    const lists = [
      "/tickets",
      `/tickets?q=${SECRET_WORD}`,
      `/tickets?requesterId=${bIds.requester}`,
      `/tickets?assigneeId=${bIds.users}`,
      `/tickets?groupId=${bIds.groups}`,
      "/customers",
      `/customers?q=${b.slug}`,
      "/users",
      "/groups",
      "/standard-replies",
      "/saved-views",
      "/macros",
      "/invitations",
      "/api-tokens",
      "/dev/outbox",
      `/dev/outbox?ticketId=${bIds.tickets}`,
      "/support-addresses",
      "/inbound-messages?status=processed",
      "/mail-deliveries",
      "/spam-settings",
      "/business-calendars",
      "/sla-policies",
      "/triggers",
      "/automations",
      "/webhooks",
      `/webhooks/${aIds.webhooks}/deliveries`,
    ];
    const bValues = [...Object.values(bIds), SECRET_WORD, b.slug, b.workspace.id];
    for (const path of lists) {
      const res = await call("GET", path, { token: a.token });
      expect(res.status, path).toBe(200);
      const text = JSON.stringify(res.body);
      for (const value of bValues) expect(text, `${path} leaks ${value}`).not.toContain(value);
    }
    expect((await call("GET", `/tickets?q=${SECRET_WORD}`, { token: b.token })).body.items).toHaveLength(2);
    // Ticket counts: another workspace's tickets, people and groups count nothing.
    const countsOf = async (token: string) =>
      (await call("POST", "/ticket-counts", { token, body: { queries: [{ q: SECRET_WORD }, { assigneeId: bIds.users }, { groupId: bIds.groups }, { tag: SECRET_WORD }] } })).body.items.map((c: { count: number }) => c.count);
    expect(await countsOf(a.token)).toEqual([0, 0, 0, 0]);
    expect((await countsOf(b.token))[0]).toBe(2);
  }, 180_000);
});

/** What B can see of itself; must not change when A pokes at it. */
async function snapshotOfB() {
  const paths = [
    "/tickets",
    `/tickets/${bIds.tickets}/events`,
    `/tickets/${bIds.tickets}/messages`,
    "/customers",
    "/users",
    "/groups",
    "/standard-replies",
    "/saved-views",
    "/macros",
    "/invitations",
    "/api-tokens",
    "/support-addresses",
    "/inbound-messages?status=processed",
    "/spam-settings",
    "/business-calendars",
    "/sla-policies",
    "/triggers",
    "/automations",
    "/webhooks",
    `/webhooks/${bIds.webhooks}`,
    `/webhooks/${bIds.webhooks}/deliveries`,
  ];
  return Promise.all(paths.map(async (path) => (await call("GET", path, { token: b.token })).body));
}

import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

/**
 * A new workspace's first hour: sign-up in either language, errors at their fields, the first
 * calendar, the first custom SLA policy, the first (test) email.
 */
let clients = 0;
const freshClient = () => ({ "CF-Connecting-IP": `192.0.2.${++clients % 250}` });
const signupBody = (slug: string, extra: Record<string, unknown> = {}) => ({ tenantName: "Tea House", slug, name: "Wang Fang", email: `owner@${slug}.example`, password: "correct horse battery staple", ...extra });
const uniqueSlug = (stem: string) => `${stem}-${Math.random().toString(36).slice(2, 8)}`;

const WEEKDAYS = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
const calendar = (name: string) => ({ name, timeZone: "Asia/Shanghai", weekly: WEEKDAYS, holidays: [], workdays: [] });

describe("sign-up", () => {
  it("names the default groups in the sign-up language, with descriptions that claim nothing the product does not do", async () => {
    const zh = await call("POST", "/signup", { headers: freshClient(), body: signupBody(uniqueSlug("cha"), { language: "zh-CN" }) });
    expect(zh.status, JSON.stringify(zh.body)).toBe(201);
    const zhGroups = (await call("GET", "/groups", { token: zh.body.token })).body.items as { name: string; description: string }[];
    expect(zhGroups.map((g) => g.name).sort()).toEqual(["一线支持", "二线支持"].sort());
    for (const g of zhGroups) expect(g.description).toMatch(/\p{Script=Han}/u);

    const en = await call("POST", "/signup", { headers: freshClient(), body: signupBody(uniqueSlug("tea")) });
    const enGroups = (await call("GET", "/groups", { token: en.body.token })).body.items as { name: string; description: string }[];
    expect(enGroups.map((g) => g.name)).toEqual(["Tier 1", "Tier 2"]);
    // A new ticket reaches a group only through its support address's routing: no group "takes every new ticket".
    for (const g of [...enGroups, ...zhGroups]) expect(g.description).not.toMatch(/every new ticket|所有新工单/i);
  });

  it("the tier-escalation preset finds the second-line group in a Chinese workspace", async () => {
    const zh = await call("POST", "/signup", { headers: freshClient(), body: signupBody(uniqueSlug("ercha"), { language: "zh-CN" }) });
    const tier2 = ((await call("GET", "/groups", { token: zh.body.token })).body.items as { id: string; name: string }[]).find((g) => g.name === "二线支持")!;
    const preset = await call("POST", "/sla-policies/presets", { token: zh.body.token, body: { preset: "tier_escalation" } });
    expect(preset.status, JSON.stringify(preset.body)).toBe(201);
    expect(preset.body.escalateGroupId).toBe(tier2.id);
  });

  it("refuses an unknown language", async () => {
    const res = expectProblem(await call("POST", "/signup", { headers: freshClient(), body: signupBody(uniqueSlug("fr"), { language: "fr" }) }), 422, "validation_failed");
    expect(res.errors).toEqual([expect.objectContaining({ field: "body.language", code: "invalid_value" })]);
  });

  it("reports a taken slug at the slug field", async () => {
    const slug = uniqueSlug("dup");
    expect((await call("POST", "/signup", { headers: freshClient(), body: signupBody(slug) })).status).toBe(201);
    const taken = expectProblem(await call("POST", "/signup", { headers: freshClient(), body: signupBody(slug, { email: "other@example.com" }) }), 409, "slug_taken");
    expect(taken.errors).toEqual([{ field: "slug", code: "slug_taken", message: expect.stringContaining(slug) }]);
  });

  it("field errors carry the limit or format the app words them from", async () => {
    const res = expectProblem(await call("POST", "/signup", { headers: freshClient(), body: signupBody(uniqueSlug("blank"), { tenantName: "", email: "not-an-email", password: "short" }) }), 422, "validation_failed");
    expect(res.errors).toEqual(
      expect.arrayContaining([
        { field: "body.tenantName", code: "too_small", message: expect.any(String), params: { origin: "string", minimum: 1 } },
        { field: "body.email", code: "invalid_format", message: expect.any(String), params: { origin: "string", format: "email" } },
        expect.objectContaining({ field: "body.password", code: "too_small", params: expect.objectContaining({ origin: "string", minimum: expect.any(Number) }) }),
      ]),
    );
  });
});

describe("the first calendar", () => {
  it("becomes the workspace default; a second one does not replace it", async () => {
    const ws = await newWorkspace("Calendar First");
    const first = await call("POST", "/business-calendars", { token: ws.token, body: calendar("Office") });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.becameDefault).toBe(true);
    expect((await call("GET", "/sla-settings", { token: ws.token })).body.defaultCalendarId).toBe(first.body.id);

    const second = await call("POST", "/business-calendars", { token: ws.token, body: calendar("Warehouse") });
    expect(second.body.becameDefault).toBe(false);
    expect((await call("GET", "/sla-settings", { token: ws.token })).body.defaultCalendarId).toBe(first.body.id);
  });

  it("a workspace that chose round the clock after deleting its default gets the next new calendar as default", async () => {
    const ws = await newWorkspace("Calendar Again");
    const first = await call("POST", "/business-calendars", { token: ws.token, body: calendar("Office") });
    await call("PUT", "/sla-settings", { token: ws.token, body: { defaultCalendarId: null, autoCloseDays: null } });
    const next = await call("POST", "/business-calendars", { token: ws.token, body: calendar("New office") });
    expect(next.body.becameDefault).toBe(true);
    expect((await call("GET", "/sla-settings", { token: ws.token })).body.defaultCalendarId).toBe(next.body.id);
    expect(first.body.id).not.toBe(next.body.id);
  });
});

describe("a new SLA policy", () => {
  const target = { normal: { first_reply: { minutes: 60, businessHours: false } } };

  it("goes above the catch-all, so it applies; a new catch-all goes last", async () => {
    const ws = await newWorkspace("Policy Order");
    expect((await call("POST", "/sla-policies/presets", { token: ws.token, body: { preset: "tier_escalation" } })).status).toBe(201);
    const vip = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Refunds", conditions: { tagsAny: ["refund"] }, targets: target } });
    expect(vip.status, JSON.stringify(vip.body)).toBe(201);
    const general = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Everything else", conditions: {}, targets: target } });
    const order = ((await call("GET", "/sla-policies", { token: ws.token })).body.items as { name: string; position: number }[]).map((p) => p.name);
    expect(order).toEqual(["Refunds", "Standard: tier 1, escalated to tier 2 on breach", "Everything else"]);
    expect(general.body.position).toBe(2);

    // The new policy is the one that applies to a matching ticket.
    const ticket = await newTicket(ws.token, { tags: ["refund"] });
    const sla = await call("GET", `/tickets/${ticket.id}/sla`, { token: ws.token });
    expect(sla.status, JSON.stringify(sla.body)).toBe(200);
    expect(JSON.stringify(sla.body)).toContain(vip.body.id);
  });

  it("keeps the order of specific policies: each new one goes last among them", async () => {
    const ws = await newWorkspace("Policy Order Two");
    await call("POST", "/sla-policies", { token: ws.token, body: { name: "All", conditions: {}, targets: target } });
    await call("POST", "/sla-policies", { token: ws.token, body: { name: "A", conditions: { priorities: ["urgent"] }, targets: target } });
    await call("POST", "/sla-policies", { token: ws.token, body: { name: "B", conditions: { channels: ["email"] }, targets: target } });
    const items = (await call("GET", "/sla-policies", { token: ws.token })).body.items as { name: string; position: number }[];
    expect(items.map((p) => [p.name, p.position])).toEqual([
      ["A", 0],
      ["B", 1],
      ["All", 2],
    ]);
  });
});

describe("send yourself a test email", () => {
  it("creates a real ticket through the inbound path, from the user's address to the built-in one, and acknowledges it", async () => {
    const ws = await newWorkspace("Test Mail");
    const res = await call("POST", "/test-emails", { token: ws.token, body: { language: "zh-CN" } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ outcome: "ticket_created", ticketId: expect.stringMatching(/^tkt_/), address: `${ws.slug}@kefu.localhost` });

    const ticket = (await call("GET", `/tickets/${res.body.ticketId}`, { token: ws.token })).body;
    expect(ticket).toMatchObject({ channel: "email", status: "new", subject: "测试邮件：我的第一张工单" });
    const requester = (await call("GET", `/customers/${ticket.requesterId}`, { token: ws.token })).body;
    expect(requester.emails).toEqual([ws.email]);
    const messages = (await call("GET", `/tickets/${res.body.ticketId}/messages`, { token: ws.token })).body.items;
    expect(messages).toEqual([expect.objectContaining({ kind: "customer", authorCustomerId: ticket.requesterId, emailMessageId: expect.stringContaining("@kefu.localhost") })]);
    expect(messages[0].bodyText).toContain(res.body.address);

    // Recorded as a received mail, with its delivery (what the setup checklist looks for).
    const inbound = (await call("GET", "/inbound-messages?status=processed", { token: ws.token })).body.items;
    expect(inbound).toEqual([expect.objectContaining({ ticketId: res.body.ticketId, status: "processed" })]);
    const deliveries = (await call("GET", "/mail-deliveries", { token: ws.token })).body.items;
    expect(deliveries).toEqual([expect.objectContaining({ outcome: "ticket_created", ticketId: res.body.ticketId })]);

    // The acknowledgement went to the user, as to any customer.
    const outbox = (await call("GET", "/dev/outbox", { token: ws.token })).body.items as { to: string }[];
    expect(outbox.map((m) => m.to)).toContain(ws.email);
  });

  it("agents may send one; a read-only token may not", async () => {
    const ws = await newWorkspace("Test Mail Roles");
    const agent = await newMember(ws.token, "agent");
    const sent = await call("POST", "/test-emails", { token: agent.token, body: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await call("GET", `/tickets/${sent.body.ticketId}`, { token: ws.token })).body.subject).toBe("Test email: my first ticket");
    const readToken = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "Read", scope: "read" } })).body.token;
    expectProblem(await call("POST", "/test-emails", { token: readToken, body: {} }), 403, "forbidden");
    expectProblem(await call("POST", "/test-emails", { body: {} }), 401);
  });

  it("is rate-limited per workspace (429 with Retry-After), and refuses unknown fields", async () => {
    const ws = await newWorkspace("Test Mail Limit");
    expectProblem(await call("POST", "/test-emails", { token: ws.token, body: { to: "someone@example.com" } }), 422, "validation_failed");
    for (let i = 0; i < 5; i++) expect((await call("POST", "/test-emails", { token: ws.token, body: {} })).status).toBe(201);
    const refused = await call("POST", "/test-emails", { token: ws.token, body: {} });
    expectProblem(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    // Another workspace is not affected.
    const other = await newWorkspace("Test Mail Other");
    expect((await call("POST", "/test-emails", { token: other.token, body: {} })).status).toBe(201);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { auditedAction } from "../../workers/api/audit-middleware";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

let owner: Awaited<ReturnType<typeof newWorkspace>>;
beforeAll(async () => {
  owner = await newWorkspace("Audit Tea");
});

/** The newest audit events of the owner's workspace for a resource type. */
async function log(query: Record<string, string> = {}, token = owner.token) {
  const res = await call("GET", `/audit-events?${new URLSearchParams({ limit: "100", ...query })}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
}

const HOOK = { name: "Support alerts", url: "https://hooks.example.com/kefu" };
const POLICY = { name: "Reply in an hour", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } };

describe("audit log: what is recorded", () => {
  it("records a role change with who, what, when, before and after", async () => {
    const agent = await newMember(owner.token, "agent", "Ada Agent");
    const started = Date.now();
    const res = await call("PATCH", `/users/${agent.user.id}`, { token: owner.token, body: { role: "admin" } });
    expect(res.status).toBe(200);

    const [event] = await log({ resourceType: "users" });
    expect(event).toMatchObject({
      id: expect.stringMatching(/^aud_/),
      actor: { userId: owner.user.id, name: "Olivia Owner", via: "session" },
      action: "PATCH /users/{id}",
      resourceType: "users",
      resourceId: agent.user.id,
      status: 200,
      requestId: res.headers.get("X-Request-Id") ?? expect.any(String),
      before: { id: agent.user.id, role: "agent" },
      after: { id: agent.user.id, role: "admin" },
    });
    expect(Date.parse(event.createdAt)).toBeGreaterThanOrEqual(started - 1000);
  });

  it("records creating and revoking an API token; the token's secret never appears in the log", async () => {
    const created = await call("POST", "/api-tokens", { token: owner.token, body: { name: "CI deploys", scope: "write" } });
    expect(created.status).toBe(201);
    const { token, apiToken } = created.body;
    expect((await call("DELETE", `/api-tokens/${apiToken.id}`, { token: owner.token })).status).toBe(200);

    const [revoke, create] = await log({ resourceType: "api-tokens" });
    expect(create).toMatchObject({ action: "POST /api-tokens", resourceId: apiToken.id, before: null, after: { token: "[redacted]", apiToken: { name: "CI deploys", prefix: apiToken.prefix } } });
    expect(revoke).toMatchObject({ action: "DELETE /api-tokens/{id}", resourceId: apiToken.id, before: { id: apiToken.id, revokedAt: null }, after: null });
    const everything = JSON.stringify(await log());
    expect(everything).not.toContain(token);
    // The secret is everything after `kefu_<prefix>_` (base64url: it may itself hold `_`).
    expect(token.startsWith(`kefu_${apiToken.prefix}_`)).toBe(true);
    expect(everything).not.toContain(token.slice(`kefu_${apiToken.prefix}_`.length));
  });

  it("records an API-token caller as such", async () => {
    const { token } = (await call("POST", "/api-tokens", { token: owner.token, body: { name: "Admin script", scope: "admin" } })).body;
    expect((await call("PATCH", "/workspace", { token, body: { name: "Audit Tea Co." } })).status).toBe(200);
    const [event] = await log({ resourceType: "workspace" });
    expect(event).toMatchObject({ actor: { userId: owner.user.id, via: "token" }, action: "PATCH /workspace", before: { name: "Audit Tea" }, after: { name: "Audit Tea Co." } });
  });

  it("records an SLA policy change with the changed field before and after", async () => {
    const policy = (await call("POST", "/sla-policies", { token: owner.token, body: POLICY })).body;
    expect((await call("PATCH", `/sla-policies/${policy.id}`, { token: owner.token, body: { name: "Reply within the hour" } })).status).toBe(200);
    const [change, create] = await log({ resourceType: "sla-policies" });
    expect(create).toMatchObject({ action: "POST /sla-policies", resourceId: policy.id, before: null, after: { name: "Reply in an hour" } });
    expect(change).toMatchObject({ action: "PATCH /sla-policies/{id}", resourceId: policy.id, before: { id: policy.id, name: "Reply in an hour" }, after: { id: policy.id, name: "Reply within the hour" } });
  });

  it("records survey settings", async () => {
    const current = (await call("GET", "/survey-settings", { token: owner.token })).body;
    expect((await call("PUT", "/survey-settings", { token: owner.token, body: { ...current, delayMinutes: 60 } })).status).toBe(200);
    const [event] = await log({ resourceType: "survey-settings" });
    expect(event).toMatchObject({ action: "PUT /survey-settings", resourceId: null, before: current, after: { ...current, delayMinutes: 60 } });
  });

  it("records a webhook's creation with its secret redacted, and its deletion with no after", async () => {
    const created = await call("POST", "/webhooks", { token: owner.token, body: HOOK });
    expect(created.status).toBe(201);
    const { webhook, secret } = created.body;
    expect((await call("DELETE", `/webhooks/${webhook.id}`, { token: owner.token })).status).toBe(204);

    const [remove, create] = await log({ resourceType: "webhooks" });
    expect(create).toMatchObject({ action: "POST /webhooks", resourceId: webhook.id, after: { secret: "[redacted]", webhook: { id: webhook.id, name: HOOK.name, url: HOOK.url, secretHint: "[redacted]" } } });
    expect(remove).toMatchObject({ action: "DELETE /webhooks/{id}", resourceId: webhook.id, before: { id: webhook.id, name: HOOK.name }, after: null });
    expect(JSON.stringify(await log())).not.toContain(secret.slice(6));
  });

  it("never stores an invitation's accept link", async () => {
    const invite = await call("POST", "/invitations", { token: owner.token, body: { email: "new.hire@audit.example", role: "agent" } });
    expect(invite.status).toBe(201);
    const [event] = await log({ resourceType: "invitations" });
    expect(event).toMatchObject({ action: "POST /invitations", resourceId: invite.body.invitation.id, after: { acceptUrl: "[redacted]", invitation: { email: "new.hire@audit.example" } } });
    expect(JSON.stringify(await log())).not.toContain(new URL(invite.body.acceptUrl).searchParams.get("token"));
  });

  it("does not record reads, failed admin requests, or work that is not an admin action", async () => {
    const before = (await log()).length;
    const agent = await newMember(owner.token, "agent", "Bo Agent");
    const afterInvite = (await log()).length; // the invitation itself is an admin action
    expect(afterInvite).toBe(before + 1);

    expectProblem(await call("PATCH", "/sla-policies/sla_doesnotexist", { token: owner.token, body: { name: "x" } }), 404);
    expectProblem(await call("POST", "/webhooks", { token: owner.token, body: { ...HOOK, url: "ftp://nope" } }), 422);
    expectProblem(await call("PUT", "/survey-settings", { token: agent.token, body: { enabled: false } }), 403);
    expectProblem(await call("PATCH", "/workspace", { token: agent.token, body: { name: "Taken over" } }), 403);
    expect((await call("GET", "/webhooks", { token: owner.token })).status).toBe(200);
    const calendar = { timeZone: "Asia/Shanghai", weekly: [[], ...Array(5).fill([{ start: "09:00", end: "18:00" }]), []], holidays: [], workdays: [] };
    expect((await call("POST", "/business-calendars/preview", { token: owner.token, body: { calendar, start: "2026-09-30T17:00:00+08:00", minutes: 60 } })).status).toBe(200);
    expect((await call("POST", "/tickets", { token: agent.token, body: { subject: "Hi", description: "Hello", requester: { email: "li.wei@example.com" } } })).status).toBe(201);

    expect((await log()).length).toBe(afterInvite);
  });
});

/** The customer data-rights routes are built separately; these cases run once the API offers them. */
const paths = (await call("GET", "/openapi.json")).body.paths as Record<string, unknown>;
const dataRights = "/customers/{id}/export" in paths && "/customers/{id}/erase" in paths;

describe.runIf(dataRights)("audit log: customer data rights", () => {
  it("records an export and an erasure without copying the customer into the log", async () => {
    const customer = await call("POST", "/customers", { token: owner.token, body: { name: "Zhou Xiaoyan AUDITNAME", emails: ["zhou.audit@example.org"], notes: "AUDITNOTE" } });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const id = customer.body.id;
    expect((await call("GET", `/customers/${id}/export`, { token: owner.token })).status).toBe(200);
    const erased = await call("POST", `/customers/${id}/erase`, { token: owner.token, body: { confirm: "ERASE" } });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);

    const [erase, exported] = await log({ resourceType: "customers" });
    expect(exported).toMatchObject({ action: "GET /customers/{id}/export", resourceId: id, actor: { userId: owner.user.id }, status: 200, before: null, after: null });
    expect(erase).toMatchObject({ action: "POST /customers/{id}/erase", resourceId: id, status: 200, before: null, after: erased.body });
    const everything = JSON.stringify(await log());
    for (const personal of ["AUDITNAME", "zhou.audit", "AUDITNOTE"]) expect(everything).not.toContain(personal);
  });

  it("does not record an export an agent was refused", async () => {
    const agent = await newMember(owner.token, "agent", "Cy Agent");
    const customer = (await call("POST", "/customers", { token: agent.token, body: { name: "Refused Export", emails: ["refused.export@example.org"] } })).body;
    const before = (await log({ resourceType: "customers" })).length;
    expectProblem(await call("GET", `/customers/${customer.id}/export`, { token: agent.token }), 403);
    expect((await log({ resourceType: "customers" })).length).toBe(before);
  });
});

describe("audit log: which operations", () => {
  it("audits every change to workspace settings and the data-rights routes, nothing else", () => {
    const operations = Object.entries(paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => ({ method: method.toUpperCase(), path })));
    const audited = operations.filter((o) => auditedAction(o.method, o.path)).map((o) => `${o.method} ${o.path}`);
    expect(audited).toEqual(expect.arrayContaining(["PATCH /users/{id}", "DELETE /users/{id}/sessions", "POST /invitations", "DELETE /invitations/{id}", "POST /api-tokens", "DELETE /api-tokens/{id}", "POST /groups", "DELETE /groups/{id}/members/{userId}", "POST /support-addresses", "PUT /spam-settings", "POST /inbound-messages/{id}/reprocess", "PATCH /business-calendars/{id}", "PUT /sla-policies/order", "POST /sla-policies/presets", "PUT /sla-settings", "PUT /survey-settings", "POST /webhooks/{id}/rotate-secret", "PATCH /workspace"]));
    for (const action of audited) expect(action, action).toMatch(/^(POST|PUT|PATCH|DELETE) |^GET \/customers\/\{id\}\/export$/);
    for (const action of ["POST /business-calendars/preview", "POST /tickets", "PATCH /tickets/{id}", "POST /customers", "PATCH /customers/{id}", "POST /standard-replies", "PATCH /me", "POST /auth/login", "GET /users", "GET /webhooks"])
      expect(audited, action).not.toContain(action);
  });
});

describe("audit log: who may read it", () => {
  it("is for admins only", async () => {
    const agent = await newMember(owner.token, "agent");
    expectProblem(await call("GET", "/audit-events", { token: agent.token }), 403, "forbidden");
    expectProblem(await call("GET", "/audit-events"), 401);
    const admin = await newMember(owner.token, "admin");
    expect((await call("GET", "/audit-events", { token: admin.token })).status).toBe(200);
  });

  it("never shows another workspace's actions", async () => {
    const other = await newWorkspace("Other Tea");
    const hook = (await call("POST", "/webhooks", { token: other.token, body: { ...HOOK, name: "Other's hook" } })).body.webhook;
    const theirs = await log({}, other.token);
    expect(theirs.map((e) => e.resourceId)).toContain(hook.id);
    for (const e of theirs) expect(e.actor.userId).toBe(other.user.id);
    const ours = await log();
    expect(ours.map((e) => e.resourceId)).not.toContain(hook.id);
    expect(JSON.stringify(ours)).not.toContain("Other's hook");
    for (const e of ours) expect(e.actor.userId).not.toBe(other.user.id);
  });

  it("pages newest first with keyset cursors and filters by actor, type and time", async () => {
    const ws = await newWorkspace("Paging Tea");
    const admin = await newMember(ws.token, "admin", "Ann Admin");
    for (let i = 0; i < 5; i++) expect((await call("PATCH", "/workspace", { token: ws.token, body: { name: `Paging Tea ${i}` } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the next action is strictly later than the cutoff, the ones above strictly earlier
    const cutoff = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await call("PATCH", "/workspace", { token: admin.token, body: { name: "Paging Tea by Ann" } })).status).toBe(200);

    const all = await log({}, ws.token);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call("GET", `/audit-events?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: ws.token });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    const times = all.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    expect((await log({ actorUserId: admin.user.id }, ws.token)).map((e) => e.after.name)).toEqual(["Paging Tea by Ann"]);
    expect((await log({ resourceType: "workspace" }, ws.token))).toHaveLength(6);
    expect((await log({ resourceType: "workspace", since: cutoff }, ws.token)).map((e) => e.actor.name)).toEqual(["Ann Admin"]);
    expectProblem(await call("GET", "/audit-events?cursor=bogus", { token: ws.token }), 400, "invalid_cursor");
    expectProblem(await call("GET", "/audit-events?since=yesterday", { token: ws.token }), 422);
  });
});

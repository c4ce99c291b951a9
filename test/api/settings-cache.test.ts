import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/main";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";

/**
 * A workspace's settings (policies, calendars, triggers and what they name, the agents) are kept
 * per isolate under the workspace's settings version, which every change to them replaces
 * (migration 0039; workers/core/settings-cache.ts). A write made while they are kept does not read
 * them again; the first write after a change sees the change.
 */
let ws: Awaited<ReturnType<typeof newWorkspace>>;

async function createMeasured(token: string, subject: string) {
  const usage = newUsage();
  const ctx = createExecutionContext();
  const request = new Request("https://kefu.test/api/v1/tickets", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ subject, description: "Hello", requester: { email: "li.wei@example.com" } }),
  });
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DB: recordingD1(env.DB, usage) }, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status).toBe(201);
  return { ticket: (await response.json()) as { id: string; tags: string[]; priority: string }, statements: usage.statements };
}

const version = async (tenantId: string) => (await env.DB.prepare("select settings_version as v from tenants where id = ?").bind(tenantId).first<{ v: number }>())!.v;

beforeAll(async () => {
  ws = await newWorkspace();
});

describe("the workspace's settings, kept per isolate", () => {
  it("a write while they are kept sends a dozen statements fewer, and a change to them is seen by the next write", async () => {
    const first = await createMeasured(ws.token, "First");
    const second = await createMeasured(ws.token, "Second");
    expect(second.statements).toBeLessThanOrEqual(first.statements - 10);
    expect(second.ticket.tags).toEqual([]);

    const trigger = await call("POST", "/triggers", {
      token: ws.token,
      body: { name: "Refunds", events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [{ type: "add_tags", tags: ["refund"] }, { type: "set_priority", value: "urgent" }] },
    });
    expect(trigger.status).toBe(201);
    const third = await createMeasured(ws.token, "Third");
    expect(third.ticket.tags).toEqual(["refund"]);
    expect(third.ticket.priority).toBe("urgent");
    expect(third.statements).toBeGreaterThan(second.statements); // read again

    expect((await call("PATCH", `/triggers/${trigger.body.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    expect((await createMeasured(ws.token, "Fourth")).ticket.tags).toEqual([]);
  });

  it("an SLA policy added after the settings were kept sets the next ticket's deadline", async () => {
    const clocks = async (ticketId: string) => (await env.DB.prepare("select count(*) as n from sla_clocks where ticket_id = ?").bind(ticketId).first<{ n: number }>())!.n;
    expect(await clocks((await newTicket(ws.token)).id)).toBe(0);
    const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Day", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } } });
    expect(policy.status).toBe(201);
    expect(await clocks((await newTicket(ws.token)).id)).toBeGreaterThan(0);
  });

  it("a deactivated agent is no longer told of tickets assigned to them", async () => {
    const agent = await newMember(ws.token, "agent", "Tao Agent");
    const assigned = await newTicket(ws.token, { assigneeId: agent.user.id });
    const unread = async () => (await call("GET", "/notifications", { token: agent.token })).body.unreadCount as number;
    expect(await unread()).toBeGreaterThan(0);
    expect((await call("PATCH", `/users/${agent.user.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    const rows = await env.DB.prepare("select count(*) as n from notifications where user_id = ? and ticket_id <> ?").bind(agent.user.id, assigned.id).first<{ n: number }>();
    await newTicket(ws.token, { assigneeId: null });
    const after = await env.DB.prepare("select count(*) as n from notifications where user_id = ? and ticket_id <> ?").bind(agent.user.id, assigned.id).first<{ n: number }>();
    expect(after!.n).toBe(rows!.n);
  });

  it("every change to a setting replaces the version; the counters every write moves do not", async () => {
    const tenantId = ws.workspace.id as string;
    const policy = { name: "Week", conditions: {}, targets: { low: { first_reply: { minutes: 600, businessHours: false } } } };
    expect((await call("POST", "/sla-policies", { token: ws.token, body: policy })).status).toBe(201);
    const before = await version(tenantId);
    const changes: [string, string, unknown[]][] = [
      ["a policy", "update sla_policies set name = name || '!' where tenant_id = ?", [tenantId]],
      ["a calendar", "insert into business_calendars (id, tenant_id, name, time_zone, weekly, holidays, workdays, created_at, updated_at) values ('cal_cache', ?, 'Cal', 'UTC', '[]', '[]', '[]', 0, 0)", [tenantId]],
      ["a trigger", "update triggers set position = position where tenant_id = ?", [tenantId]],
      ["an agent", "update users set language = language where tenant_id = ?", [tenantId]],
      ["a group", "update groups set name = name where tenant_id = ?", [tenantId]],
      ["a membership", "insert into group_members (tenant_id, group_id, user_id) select tenant_id, id, ? from groups where tenant_id = ? limit 1", [ws.user.id, tenantId]],
      ["an address", "update support_addresses set display_name = display_name where tenant_id = ?", [tenantId]],
      ["the workspace", "update tenants set default_language = default_language where id = ?", [tenantId]],
    ];
    let last = before;
    for (const [what, sql, params] of changes) {
      await env.DB.prepare(sql).bind(...params).run();
      const now = await version(tenantId);
      expect(now, what).not.toBe(last);
      expect(Number.isSafeInteger(now), `${what}: ${now} is read exactly`).toBe(true);
      last = now;
    }
    const counters: [string, string][] = [
      ["a ticket number", "update tenants set last_ticket_number = last_ticket_number + 1 where id = ?"],
      ["the SLA recompute cursor", "update tenants set sla_recompute_cursor = 'tkt_from_here' where id = ?"],
      ["a trigger's fired count", "update triggers set fired_count = fired_count + 1 where tenant_id = ?"],
      ["a group's round-robin cursor", "update groups set round_robin_cursor = 'usr_x' where tenant_id = ?"],
      ["mail arriving through an address", "update support_addresses set last_received_at = 1 where tenant_id = ?"],
    ];
    for (const [what, sql] of counters) {
      await env.DB.prepare(sql).bind(tenantId).run();
      expect(await version(tenantId), what).toBe(last);
    }
  });
});

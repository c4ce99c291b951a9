import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import worker from "../../workers/main";
import { call, newTicket, newWorkspace } from "../helpers/api";

/**
 * A D1 binding that passes everything through and remembers each statement with its first
 * parameters. Statements stay the runtime's own objects (batch() accepts nothing else); only
 * their `bind` is wrapped.
 */
function recording(d1: D1Database, seen: Map<string, unknown[]>): D1Database {
  return new Proxy(d1, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!seen.has(sql)) seen.set(sql, []);
          const bind = statement.bind.bind(statement);
          Object.defineProperty(statement, "bind", {
            value: (...params: unknown[]) => {
              if (!seen.get(sql)!.length) seen.set(sql, params);
              return bind(...params);
            },
          });
          return statement;
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The only full scans a tick may make: of a subquery's, a VALUES clause's or a multi-row insert's own rows, and of the
 * workspaces as the outer loop of auto-close (`tenants n`, one row per workspace), and of the
 * groups that assign automatically (their partial index: the outer loop of the assignment pass). Every table
 * that grows with use (tickets, tags, clocks, mail, …) must be read through an index.
 */
const ALLOWED_SCAN = /^SCAN (\(subquery-\d+\)|\d+-ROW VALUES CLAUSE|(\d+ )?CONSTANT ROWS?|n|tenants|groups USING INDEX groups_assigning)$/;

/** A scan of `json_each(…) alias`: the elements of one row's JSON array (a trigger's actions), not a table. */
function scansJsonArray(detail: string, sql: string): boolean {
  const alias = /^SCAN (\w+) VIRTUAL TABLE INDEX \d+:/.exec(detail)?.[1];
  return alias !== undefined && new RegExp(`json_each\\([^)]*\\)\\s+(as\\s+)?"?${alias}"?\\b`, "i").test(sql);
}

describe("the cron tick's query plans", () => {
  it("reads every growing table through an index, never by a full scan (as the benchmark once found for ticket tags)", async () => {
    const { token, user } = await newWorkspace();
    await call("POST", "/sla-policies/presets", { token, body: { preset: "tier_escalation" } });
    const ops = await call("POST", "/webhooks", { token, body: { name: "Ops", url: "https://hooks.example/kefu", format: "json", events: ["sla.warning", "sla.breach"] } });
    // The alerts' triggers (sla_warning / sla_breach): their reads, the alert's guard and their writes.
    await call("POST", "/triggers", { token, body: { name: "Breached", events: ["sla_warning", "sla_breach"], conditions: { all: [], any: [] }, actions: [{ type: "add_tags", tags: ["sla_alerted"] }] } });
    const tagged = await newTicket(token, { tags: ["billing", "vip"] });
    const solved = await newTicket(token, { tags: ["shipping"] });
    await call("POST", `/tickets/${solved.id}/messages`, { token, body: { kind: "reply", body: "Sent.", status: "solved" } });
    // Automations: every kind of scan (each moment a time condition counts from) and a firing (the 回访 preset on a solved complaint).
    for (const preset of ["pending_reminder_3d", "pending_solve_7d", "complaint_follow_up"]) await call("POST", "/automations/from-preset", { token, body: { preset } });
    for (const since of ["created", "updated", "last_customer_message", "last_agent_message"])
      await call("POST", "/automations", {
        token,
        body: { name: `Since ${since}`, conditions: { all: [{ field: "hours_since", since, op: "gt", value: 1 }, { field: "text", op: "contains_any", value: ["退款"] }, { field: "reply_count", op: "lt", value: 3 }], any: [] }, actions: [{ type: "add_note", body: "x" }] },
      });
    // An automation's linked actions (automation-links.ts): a macro that moves the ticket into a round-robin desk, a webhook, the desk's assignment.
    const desk = (await call("POST", "/groups", { token, body: { name: "Plans desk" } })).body as { id: string };
    await call("POST", `/groups/${desk.id}/members`, { token, body: { userId: user.id } });
    await call("PUT", `/groups/${desk.id}/assignment`, { token, body: { method: "round_robin", cap: 5, skills: "tags_and_languages", calendarId: null, returnToPoolMinutes: null } });
    await call("PUT", `/users/${user.id}/availability`, { token, body: { available: true } });
    const toDesk = (await call("POST", "/macros", { token, body: { title: "To the desk", shared: true, actions: [{ type: "set_group", groupId: desk.id }] } })).body as { id: string };
    const linked = { all: [{ field: "hours_since", since: "created", op: "gt", value: 1 }, { field: "tags", op: "contains_any", value: ["billing"] }], any: [] };
    await call("POST", "/automations", { token, body: { name: "Links", conditions: linked, actions: [{ type: "apply_macro", macroId: toDesk.id }, { type: "call_webhook", webhookId: ops.body.webhook.id }, { type: "assign_by_group_method" }] } });
    const complaint = await newTicket(token, { type: "complaint", subject: "退款 please" });
    await call("POST", `/tickets/${complaint.id}/messages`, { token, body: { kind: "reply", body: "Refunded.", status: "solved" } });

    // The webhook's receiver (no network in tests).
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
    const seen = new Map<string, unknown[]>();
    const ctx = createExecutionContext();
    // Two days on: the breach is due, the survey is due, auto-close is not.
    const at = new Date(Date.now() + 2 * 86_400_000);
    await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), { ...env, DB: recording(env.DB, seen) }, ctx);
    await waitOnExecutionContext(ctx);
    expect(await env.DB.prepare("select count(*) as n from sla_alerts where ticket_id = ?").bind(tagged.id).first("n")).toBeGreaterThan(0);
    expect(await env.DB.prepare("select count(*) as n from ticket_tags where ticket_id = ? and tag = 'sla_alerted'").bind(tagged.id).first("n")).toBe(1);
    expect(await env.DB.prepare("select count(*) as n from tickets where task_of_id = ?").bind(complaint.id).first("n")).toBe(1);
    expect(await env.DB.prepare("select assignee_id from tickets where id = ?").bind(tagged.id).first("assignee_id")).toBe(user.id);

    const scans: string[] = [];
    for (const [sql, params] of seen) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      for (const { detail } of plan.results) {
        if (detail.startsWith("SCAN") && !ALLOWED_SCAN.test(detail) && !scansJsonArray(detail, sql)) scans.push(`${detail}  ←  ${sql.slice(0, 160)}`);
      }
    }
    vi.restoreAllMocks();
    expect(seen.size).toBeGreaterThan(20);
    expect(scans).toEqual([]);
  });
});

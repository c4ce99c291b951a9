import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dueAutomations, runAutomations } from "../../workers/core/automations/automation-cron";
import { followUpDue } from "../../workers/core/automations/follow-up-due";
import { openDb } from "../../workers/core/db";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

const db = openDb(env.DB);
const HOUR = 3_600_000;
const channels = { mail: { mailDomain: "kefu.test" } };

/** One run of the automations step, as a tick runs it: its scan, then its work. */
const runStep = async (at: Date) => runAutomations(db, channels, await dueAutomations(db, at), at);

const nudge = {
  name: "Nudge after 3 days pending",
  conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 72 }], any: [] },
  actions: [
    { type: "add_tags", tags: ["nudged"] },
    { type: "add_note", body: "Nudged by the automation." },
  ],
};

const count = async (sql: string, ...params: unknown[]) => Number(await env.DB.prepare(sql).bind(...params).first("n"));
const notes = (ticketId: string, body: string) => count("select count(*) as n from messages where ticket_id = ? and kind = 'note' and body_text = ?", ticketId, body);
const automationRow = (id: string) => env.DB.prepare("select fired_count as firedCount, last_fired_at as lastFiredAt from automations where id = ?").bind(id).first<{ firedCount: number; lastFiredAt: number | null }>();

describe("automations in the cron", () => {
  it("fires once per ticket per window: not before its time, not again on later ticks, again once the ticket is pending anew", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const automation = (await call("POST", "/automations", { token: ws.token, body: nudge })).body;
    const ticket = await newTicket(ws.token);
    const other = await newTicket(ws.token, { subject: "Still open" });
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "pending" } })).status).toBe(200);
    const pendingAt = Date.now();

    await tick(new Date(pendingAt + 71 * HOUR));
    expect(await notes(ticket.id, "Nudged by the automation.")).toBe(0);

    await tick(new Date(pendingAt + 73 * HOUR));
    expect(await notes(ticket.id, "Nudged by the automation.")).toBe(1);
    expect(await notes(other.id, "Nudged by the automation.")).toBe(0);
    const fired = (await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body;
    expect(fired.tags).toContain("nudged");
    const events = (await call("GET", `/tickets/${ticket.id}/events`, { token: ws.token })).body.items as { type: string; field: string | null; reason: string | null }[];
    expect(events.filter((e) => e.reason === `automation:${automation.id}:${nudge.name}`).map((e) => e.type).sort()).toEqual(["field_change", "internal_note"]);
    expect(await automationRow(automation.id)).toMatchObject({ firedCount: 1, lastFiredAt: pendingAt + 73 * HOUR });

    // Later ticks: the same window, nothing more.
    await tick(new Date(pendingAt + 80 * HOUR));
    await tick(new Date(pendingAt + 90 * HOUR));
    expect(await notes(ticket.id, "Nudged by the automation.")).toBe(1);

    // The customer answers, the agent asks again: a new pending window, which fires again 3 days on.
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "open" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "pending" } });
    const again = Date.now();
    await tick(new Date(again + 95 * HOUR));
    expect(await notes(ticket.id, "Nudged by the automation.")).toBe(2);
    expect(await count("select count(*) as n from automation_firings where automation_id = ? and ticket_id = ?", automation.id, ticket.id)).toBe(2);
    expect((await automationRow(automation.id))!.firedCount).toBe(2);
  });

  it("two ticks at once fire it once: one firing row, one note, one history row, one count", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    // Only a note: nothing moves the ticket's version, so the firing's key alone keeps the second tick out.
    const automation = (await call("POST", "/automations", { token: ws.token, body: { ...nudge, name: "Concurrent nudge", actions: [nudge.actions[1]] } })).body;
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      const t = await newTicket(ws.token, { subject: `Waiting ${i}` });
      await call("PATCH", `/tickets/${t.id}`, { token: ws.token, body: { status: "pending" } });
      tickets.push(t);
    }
    const at = new Date(Date.now() + 200 * HOUR);
    const results = await Promise.all([runStep(at), runStep(at)]);
    expect(results.every((r) => r.automationsChecked >= 1)).toBe(true);
    // Both runs found the three tickets; one wrote each firing.
    expect(results.map((r) => r.automationsFired).sort()).toEqual([0, 3]);
    for (const t of tickets) {
      expect(await count("select count(*) as n from automation_firings where automation_id = ? and ticket_id = ?", automation.id, t.id)).toBe(1);
      expect(await notes(t.id, "Nudged by the automation.")).toBe(1);
      expect(await count("select count(*) as n from ticket_events where ticket_id = ? and type = 'internal_note' and reason like 'automation:%'", t.id)).toBe(1);
    }
    expect((await automationRow(automation.id))!.firedCount).toBe(3);
    // No failure recorded for the tick that lost the claim.
    expect(await count("select count(*) as n from work_items where tenant_id = ? and kind = 'automation'", ws.workspace.id)).toBe(0);
  });

  it("presets end to end: a reminder email after 3 days pending, solved after 7", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    for (const preset of ["pending_reminder_3d", "pending_solve_7d"]) expect((await call("POST", "/automations/from-preset", { token: ws.token, body: { preset } })).status).toBe(201);
    const ticket = await newTicket(ws.token, { requester: { email: "mei@example.com", name: "Mei Lin" } });
    await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { status: "pending" } });
    const pendingAt = Date.now();
    await tick(new Date(pendingAt + 73 * HOUR));
    const mail = await env.DB.prepare("select to_address as toAddress, subject, body_text as bodyText, purpose from outbound_messages where ticket_id = ? and purpose = 'rule_mail'").bind(ticket.id).all<Record<string, string>>();
    expect(mail.results).toHaveLength(1);
    expect(mail.results[0]).toMatchObject({ toAddress: "mei@example.com", subject: `Still waiting for your answer: ${ticket.subject}` });
    expect(mail.results[0]!.bodyText).toContain("Hello Mei,");
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.status).toBe("pending");

    await tick(new Date(pendingAt + 169 * HOUR));
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.status).toBe("solved");
    expect(await count("select count(*) as n from outbound_messages where ticket_id = ? and purpose = 'rule_mail'", ticket.id)).toBe(1);
  });

  it("the 回访 preset: a solved complaint gets one linked follow-up task for its assignee, due in 2 business days", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
    const calendar = (await call("POST", "/business-calendars", { token: ws.token, body: { name: "Office", timeZone: "Asia/Shanghai", weekly: weekdays, holidays: [], workdays: [] } })).body;
    expect((await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "complaint_follow_up" } })).status).toBe(201);
    const agent = await newMember(ws.token, "agent", "Ada Agent");
    const complaint = await newTicket(ws.token, { subject: "投诉：茶叶受潮", type: "complaint", assigneeId: agent.user.id });
    const question = await newTicket(ws.token, { subject: "A question", type: "question", assigneeId: agent.user.id });
    for (const t of [complaint, question]) expect((await call("PATCH", `/tickets/${t.id}`, { token: ws.token, body: { status: "solved" } })).status).toBe(200);

    const at = new Date(Date.now() + 2 * 60_000);
    await tick(at);
    await tick(new Date(at.getTime() + 10 * 60_000));
    const tasks = await env.DB.prepare("select id, type, status, assignee_id as assigneeId, task_of_id as taskOfId, due_at as dueAt, subject, requester_id as requesterId from tickets where task_of_id is not null and tenant_id = ?")
      .bind(ws.workspace.id)
      .all<{ id: string; type: string; status: string; assigneeId: string; taskOfId: string; dueAt: number; subject: string; requesterId: string }>();
    expect(tasks.results).toHaveLength(1);
    const task = tasks.results[0]!;
    expect(task).toMatchObject({ type: "task", status: "open", assigneeId: agent.user.id, taskOfId: complaint.id, requesterId: complaint.requesterId });
    expect(task.subject).toContain("投诉：茶叶受潮");
    const office = { timeZone: "Asia/Shanghai", weekly: weekdays, holidays: [], workdays: [] };
    expect(task.dueAt).toBe(followUpDue(at, { dueInBusinessDays: 2 }, office)!.getTime());
    // Closing time (18:00 in Shanghai) on a weekday.
    const local = new Date(task.dueAt + 8 * HOUR);
    expect([local.getUTCHours(), local.getUTCMinutes()]).toEqual([18, 0]);
    expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
    expect(calendar.id).toBeTruthy();
    // The API shows the link and the due date (the ticket page's banner reads them).
    expect((await call("GET", `/tickets/${task.id}`, { token: ws.token })).body).toMatchObject({ type: "task", taskOfId: complaint.id, dueAt: new Date(task.dueAt).toISOString() });
    expect((await call("GET", `/tickets/${complaint.id}`, { token: ws.token })).body).toMatchObject({ taskOfId: null, dueAt: null });
    // The complaint's history says so, with the automation as the reason.
    const events = (await call("GET", `/tickets/${complaint.id}/events`, { token: ws.token })).body.items as { type: string; reason: string | null }[];
    expect(events.some((e) => e.type === "internal_note" && e.reason?.startsWith("automation:"))).toBe(true);
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import { runSlaTick } from "../../workers/core/sla/sla-cron";
import { recomputeTicketSla } from "../../workers/core/sla/ticket-sla";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

const db = openDb(env.DB);
const sent: { to: string; subject: string }[] = [];
const mail = { mailer: { send: async (m: { to: string; subject: string }) => void sent.push({ to: m.to, subject: m.subject }) }, mailDomain: "kefu.localhost" };
const channels = { mail, webhooks: { fetcher: () => Promise.reject(new Error("no webhooks in these tests")), appUrl: "http://localhost:8787" } };
const minutes = (n: number) => n * 60_000;
const slaOf = async (token: string, id: string) => (await call("GET", `/tickets/${id}/sla`, { token })).body;

const OFFICE_WEEK = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "12:00" }, { start: "13:30", end: "18:00" }]), []];

describe("business calendars", () => {
  it("previews a deadline across a national holiday with make-up working days", async () => {
    const { token } = await newWorkspace();
    const golden = {
      timeZone: "Asia/Shanghai",
      weekly: OFFICE_WEEK,
      holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
      workdays: [{ date: "2026-10-10", hoursOf: 1 }],
    };
    // Wednesday 30 September 17:00 + 8 business hours: 1 h that day, the holiday week closed,
    // then Thursday 8 October 09:00–12:00 and 13:30–17:30.
    const preview = await call("POST", "/business-calendars/preview", { token, body: { calendar: golden, start: "2026-09-30T17:00:00+08:00", minutes: 8 * 60 } });
    expect(preview.status).toBe(200);
    expect(preview.body.dueAt).toBe("2026-10-08T09:30:00.000Z"); // 8 Oct 17:30 Shanghai
    // Friday 9 October 17:00 + 2 h: 1 h that day, 1 h on the make-up Saturday (Monday hours), not on Monday 12th.
    const makeUp = await call("POST", "/business-calendars/preview", { token, body: { calendar: golden, start: "2026-10-09T17:00:00+08:00", minutes: 120 } });
    expect(makeUp.body.dueAt).toBe("2026-10-10T02:00:00.000Z"); // Saturday 10 Oct 10:00 Shanghai
    const created = await call("POST", "/business-calendars", { token, body: { name: "Shanghai office", ...golden } });
    expect((await call("POST", "/business-calendars/preview", { token, body: { calendarId: created.body.id, start: "2026-09-30T17:00:00+08:00", minutes: 60 } })).body.dueAt).toBe(
      "2026-09-30T10:00:00.000Z",
    );
    const bad = await call("POST", "/business-calendars", { token, body: { name: "Bad", ...golden, timeZone: "Mars/Olympus", weekly: [[{ start: "18:00", end: "09:00" }], [], [], [], [], [], []] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).join(" ")).toMatch(/timeZone/);
  });
});

describe("SLA policies", () => {
  it("presets go where they belong in the order; the first match applies and says why", async () => {
    const { token } = await newWorkspace();
    for (const preset of ["email_24h", "tier_escalation", "complaint_48h", "vip_1h"]) expect((await call("POST", "/sla-policies/presets", { token, body: { preset } })).status).toBe(201);
    const names = (await call("GET", "/sla-policies", { token })).body.items.map((p: { name: string }) => p.name);
    expect(names).toEqual([
      "VIP customers: first reply within 1 business hour",
      "Complaints answered in 24 hours, closed in 48",
      "Every email answered within 24 hours",
      "Standard: tier 1, escalated to tier 2 on breach",
    ]);
    const vip = await call("POST", "/customers", { token, body: { name: "Grace Liu", emails: ["grace@jade.example"], tier: "vip" } });
    const complaint = await newTicket(token, { type: "complaint", requester: { id: vip.body.id } });
    const sla = await slaOf(token, complaint.id);
    expect(sla.policy.name).toBe("VIP customers: first reply within 1 business hour");
    expect(sla.reasons.join(" ")).toMatch(/vip/i);
    expect(sla.matched).toContainEqual({ condition: "customerTier", values: ["vip"], allowed: ["vip"] });
    expect(sla.clocks.map((c: { metric: string }) => c.metric)).toEqual(["first_reply"]);
    const plain = await newTicket(token, { requester: { email: "joe@example.com" } });
    expect((await slaOf(token, plain.id)).policy.name).toBe("Standard: tier 1, escalated to tier 2 on breach");
  });

  it("pending parks resolution, and every pause is recorded with both ends", async () => {
    const { token } = await newWorkspace();
    await call("POST", "/sla-policies", { token, body: { name: "Resolve in a day", conditions: {}, targets: { normal: { resolution: { minutes: 1440, businessHours: false } } } } });
    const ticket = await newTicket(token);
    await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Could you send a photo?", status: "pending" } });
    let clock = (await slaOf(token, ticket.id)).clocks[0];
    expect(clock).toMatchObject({ metric: "resolution", state: "paused", dueAt: null });
    expect(clock.pauses).toHaveLength(1);
    expect(clock.pauses[0].to).toBeNull();
    await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "open" } });
    clock = (await slaOf(token, ticket.id)).clocks[0];
    expect(clock.state).toBe("running");
    expect(clock.pauses[0].to).not.toBeNull();
    expect(clock.dueAt).not.toBeNull();
  });

  it("changing a policy recomputes open tickets in the next cron tick", async () => {
    const { token } = await newWorkspace();
    const policy = await call("POST", "/sla-policies", { token, body: { name: "Fast", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } } });
    const ticket = await newTicket(token);
    const before = (await slaOf(token, ticket.id)).clocks[0];
    await call("PATCH", `/sla-policies/${policy.body.id}`, { token, body: { targets: { normal: { first_reply: { minutes: 120, businessHours: false } } } } });
    await runSlaTick(db, channels, new Date());
    const stored = await env.DB.prepare("select due_at from sla_clocks where ticket_id = ? and metric = 'first_reply'").bind(ticket.id).first<{ due_at: number }>();
    expect(stored!.due_at - new Date(before.dueAt).getTime()).toBe(minutes(60));
    const tenant = await env.DB.prepare("select sla_recompute_cursor from tenants t join tickets k on k.tenant_id = t.id where k.id = ?").bind(ticket.id).first<{ sla_recompute_cursor: string | null }>();
    expect(tenant!.sla_recompute_cursor).toBeNull();
  });

  it("conditions.groupIds must name groups of the workspace, on create and on update", async () => {
    const { token } = await newWorkspace();
    const other = await newWorkspace();
    const foreign = (await call("POST", "/groups", { token: other.token, body: { name: "Theirs" } })).body.id;
    const ours = (await call("POST", "/groups", { token, body: { name: "Ours" } })).body.id;
    const targets = { normal: { first_reply: { minutes: 60, businessHours: false } } };
    for (const groupIds of [["no-such-group"], [ours, foreign]]) {
      const refused = expectProblem(await call("POST", "/sla-policies", { token, body: { name: "By group", conditions: { groupIds }, targets } }), 422, "group_not_found");
      expect(refused.errors?.map((e) => e.field)).toEqual(["conditions.groupIds"]);
    }
    expect((await call("GET", "/sla-policies", { token })).body.items).toEqual([]);
    const created = await call("POST", "/sla-policies", { token, body: { name: "By group", conditions: { groupIds: [ours] }, targets } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const update = expectProblem(await call("PATCH", `/sla-policies/${created.body.id}`, { token, body: { conditions: { groupIds: [ours, "no-such-group"] } } }), 422, "group_not_found");
    expect(update.errors?.map((e) => e.field)).toEqual(["conditions.groupIds"]);
    expect((await call("GET", "/sla-policies", { token })).body.items[0].conditions.groupIds).toEqual([ours]);
  });
});

describe("the SLA cron", () => {
  it("warns once, alerts the breach once even with two runs at once, and escalates to tier 2", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token, "agent", "Tom Tier1");
    const groups = (await call("GET", "/groups", { token: owner.token })).body.items;
    const [tier1, tier2] = groups;
    await call("POST", `/groups/${tier1.id}/members`, { token: owner.token, body: { userId: agent.user.id } });
    const policy = await call("POST", "/sla-policies", {
      token: owner.token,
      body: { name: "Urgent", conditions: {}, warnBeforeMinutes: 10, escalatePriority: "urgent", escalateGroupId: tier2.id, targets: { normal: { first_reply: { minutes: 30, businessHours: false } }, urgent: { first_reply: { minutes: 30, businessHours: false } } } },
    });
    expect(policy.status).toBe(201);
    const ticket = await newTicket(owner.token, { groupId: tier1.id, assigneeId: agent.user.id });
    const due = new Date((await slaOf(owner.token, ticket.id)).clocks[0].dueAt).getTime();
    sent.length = 0;

    await Promise.all([runSlaTick(db, channels, new Date(due - minutes(5))), runSlaTick(db, channels, new Date(due - minutes(5)))]);
    await runSlaTick(db, channels, new Date(due - minutes(4)));
    const warnings = sent.filter((m) => m.subject.includes("SLA warning"));
    expect(warnings.map((m) => m.to).sort()).toEqual([agent.email, owner.email].sort());

    const [a, b] = await Promise.all([runSlaTick(db, channels, new Date(due + minutes(1))), runSlaTick(db, channels, new Date(due + minutes(1)))]);
    await runSlaTick(db, channels, new Date(due + minutes(2)));
    expect(a.breaches + b.breaches).toBe(1);
    expect(sent.filter((m) => m.subject.includes("SLA breached"))).toHaveLength(2);
    const alerts = await env.DB.prepare("select kind from sla_alerts where ticket_id = ? order by kind").bind(ticket.id).all<{ kind: string }>();
    expect(alerts.results.map((r) => r.kind)).toEqual(["breach", "warning"]);

    const escalated = (await call("GET", `/tickets/${ticket.id}`, { token: owner.token })).body;
    expect(escalated).toMatchObject({ priority: "urgent", groupId: tier2.id, assigneeId: null });
    const events = (await call("GET", `/tickets/${ticket.id}/events`, { token: owner.token })).body.items.filter((e: { actorType: string }) => e.actorType === "system");
    expect(events.map((e: { field: string }) => e.field).sort()).toEqual(["assigneeId", "groupId", "priority"]);
    // As the tick stored it (reading /sla would recompute at the real, earlier time).
    const stored = await env.DB.prepare("select state, breached_at from sla_clocks where ticket_id = ? and metric = 'first_reply'").bind(ticket.id).first<{ state: string; breached_at: number }>();
    expect(stored).toMatchObject({ state: "breached", breached_at: due });
  });

  it("an escalation to a priority without targets keeps the breach: the SLA panel, the breached list and the KPI report still count it", { timeout: 120_000 }, async () => {
    const owner = await newWorkspace();
    const policy = await call("POST", "/sla-policies", {
      token: owner.token,
      body: { name: "Normal only", conditions: {}, escalatePriority: "urgent", targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } },
    });
    expect(policy.status).toBe(201);
    const answered = await newTicket(owner.token, { subject: "Answered in time" });
    await call("POST", `/tickets/${answered.id}/messages`, { token: owner.token, body: { kind: "reply", body: "On its way." } });
    const late = await newTicket(owner.token, { subject: "Left too long" });
    const due = new Date((await slaOf(owner.token, late.id)).clocks[0].dueAt).getTime();
    sent.length = 0;

    const tick = await runSlaTick(db, channels, new Date(due + minutes(1)));
    expect(tick).toMatchObject({ breaches: 1, escalations: 1 });
    expect(sent.filter((m) => m.subject.includes("SLA breached"))).toHaveLength(1);
    expect((await call("GET", `/tickets/${late.id}`, { token: owner.token })).body.priority).toBe("urgent");
    // The history says why: the escalation's change carries the breached metric.
    const system = (await call("GET", `/tickets/${late.id}/events`, { token: owner.token })).body.items.filter((e: { actorType: string }) => e.actorType === "system");
    expect(system).toMatchObject([{ type: "field_change", field: "priority", oldValue: "normal", newValue: "urgent", reason: "sla_breach:first_reply" }]);
    const human = (await call("GET", `/tickets/${answered.id}/events`, { token: owner.token })).body.items;
    expect(human.every((e: { reason: string | null }) => e.reason === null)).toBe(true);

    // The panel: urgent has no targets, yet the first reply's breach is there, under the target it was missed.
    const sla = await slaOf(owner.token, late.id);
    expect(sla.clocks).toMatchObject([{ metric: "first_reply", instance: 1, state: "breached", breachedAt: new Date(due).toISOString(), target: "30 calendar minutes", kept: true }]);
    expect((await slaOf(owner.token, answered.id)).clocks).toMatchObject([{ metric: "first_reply", state: "fulfilled", kept: false }]);
    const stored = await env.DB.prepare("select state, breached_at, breach_alerted, policy_id from sla_clocks where ticket_id = ?").bind(late.id).all();
    expect(stored.results).toEqual([{ state: "breached", breached_at: due, breach_alerted: 1, policy_id: policy.body.id }]);
    // The breached list still shows it.
    const breached = (await call("GET", "/tickets?sla=breached", { token: owner.token })).body.items.map((t: { id: string }) => t.id);
    expect(breached).toEqual([late.id]);
    // The KPI report: first reply 1 of 2, not 2 of 2.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const kpis = await call("GET", `/reports/kpis?from=${day(-1)}&to=${day(2)}`, { token: owner.token });
    expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
    expect(kpis.body.total.sla.first_reply).toMatchObject({ numerator: 1, denominator: 2 });
    // A later recomputation (a policy edit, the next change) keeps it too.
    await recomputeTicketSla({ db, tenantId: owner.workspace.id }, late.id, new Date(due + minutes(5)));
    expect((await env.DB.prepare("select state, breached_at from sla_clocks where ticket_id = ?").bind(late.id).all()).results).toEqual([{ state: "breached", breached_at: due }]);
  });

  it("alerts a breach that a recomputation found first (a ticket event or policy change after the deadline), once", async () => {
    const owner = await newWorkspace();
    await call("POST", "/sla-policies", { token: owner.token, body: { name: "Half hour", conditions: {}, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
    const ticket = await newTicket(owner.token);
    const due = new Date((await slaOf(owner.token, ticket.id)).clocks[0].dueAt).getTime();
    // Something recomputes the ticket a minute after its deadline, before any cron tick saw it.
    await recomputeTicketSla({ db, tenantId: owner.workspace.id }, ticket.id, new Date(due + minutes(1)));
    const stored = await env.DB.prepare("select state, breach_alerted from sla_clocks where ticket_id = ?").bind(ticket.id).first<{ state: string; breach_alerted: number }>();
    expect(stored).toEqual({ state: "breached", breach_alerted: 0 });
    sent.length = 0;

    const [a, b] = await Promise.all([runSlaTick(db, channels, new Date(due + minutes(2))), runSlaTick(db, channels, new Date(due + minutes(2)))]);
    const again = await runSlaTick(db, channels, new Date(due + minutes(3)));
    expect(a.breaches + b.breaches + again.breaches).toBe(1);
    expect(sent.filter((m) => m.subject.includes("SLA breached")).map((m) => m.to)).toEqual([owner.email]);
    // Recomputing later keeps the mark: the clock stays out of the cron's scan.
    await recomputeTicketSla({ db, tenantId: owner.workspace.id }, ticket.id, new Date(due + minutes(5)));
    const after = await env.DB.prepare("select state, breach_alerted from sla_clocks where ticket_id = ?").bind(ticket.id).first<{ state: string; breach_alerted: number }>();
    expect(after).toEqual({ state: "breached", breach_alerted: 1 });
  });

  it("closes solved tickets after the workspace's number of days", async () => {
    const { token } = await newWorkspace();
    expect((await call("GET", "/sla-settings", { token })).body).toEqual({ defaultCalendarId: null, autoCloseDays: 4 });
    expect((await call("PUT", "/sla-settings", { token, body: { defaultCalendarId: "cal_nope", autoCloseDays: 4 } })).status).toBe(422);
    const ticket = await newTicket(token);
    await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } });
    await runSlaTick(db, channels, new Date(Date.now() + 3 * 86_400_000));
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.status).toBe("solved");
    await runSlaTick(db, channels, new Date(Date.now() + 4 * 86_400_000 + 60_000));
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.status).toBe("closed");
  });
});

describe("promises", () => {
  it("the acknowledgement can promise the first-reply time in the calendar's time zone", async () => {
    const { token, slug } = await newWorkspace();
    const calendar = await call("POST", "/business-calendars", { token, body: { name: "Shanghai", timeZone: "Asia/Shanghai", weekly: Array.from({ length: 7 }, () => [{ start: "00:00", end: "24:00" }]), holidays: [], workdays: [] } });
    await call("POST", "/sla-policies", { token, body: { name: "Email", conditions: { channels: ["email"] }, calendarId: calendar.body.id, targets: { normal: { first_reply: { minutes: 240, businessHours: true } } } } });
    const [address] = (await call("GET", "/support-addresses", { token })).body.items;
    await call("PATCH", `/support-addresses/${address.id}`, { token, body: { autoAckBody: "We will answer by {{sla.first_reply_due}}." } });
    const before = Date.now();
    expect((await deliverEmail(email({ to: `${slug}@kefu.localhost` }), { from: "li.wei@example.com", to: `${slug}@kefu.localhost` })).error).toBeNull();
    const [ack] = (await call("GET", "/dev/outbox", { token })).body.items;
    const due = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const expected = [before, Date.now()].map((t) => `We will answer by ${due.format(new Date(t + 240 * 60_000))} (Asia/Shanghai).\n`);
    expect(expected).toContain(ack.bodyText);
  });
});

describe("the workspace default calendar", () => {
  it("counts business time for policies without a calendar, and changing it recomputes open tickets", async () => {
    const { token } = await newWorkspace();
    await call("POST", "/sla-policies", { token, body: { name: "Business", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } } });
    const ticket = await newTicket(token);
    const roundTheClock = new Date((await slaOf(token, ticket.id)).clocks[0].dueAt).getTime();
    expect(roundTheClock - new Date(ticket.createdAt).getTime()).toBe(minutes(60));
    // Open one hour a week, on a weekday that is not today: the deadline moves days ahead.
    const today = new Date().getUTCDay();
    const weekly = Array.from({ length: 7 }, (_, d) => (d === (today + 3) % 7 ? [{ start: "10:00", end: "11:00" }] : []));
    const calendar = await call("POST", "/business-calendars", { token, body: { name: "Rarely open", timeZone: "UTC", weekly, holidays: [], workdays: [] } });
    const put = await call("PUT", "/sla-settings", { token, body: { defaultCalendarId: calendar.body.id, autoCloseDays: null } });
    expect(put.body).toEqual({ defaultCalendarId: calendar.body.id, autoCloseDays: null });
    await runSlaTick(db, channels, new Date());
    const stored = await env.DB.prepare("select due_at from sla_clocks where ticket_id = ?").bind(ticket.id).first<{ due_at: number }>();
    expect(stored!.due_at - roundTheClock).toBeGreaterThan(minutes(60 * 24));
    expect(new Date(stored!.due_at).getUTCHours()).toBe(11);
    expect((await call("DELETE", `/business-calendars/${calendar.body.id}`, { token })).status).toBe(409);
  });
});

import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

type Automation = { id: string; name: string; position: number; active: boolean; preset: string | null; conditions: { all: unknown[]; any: unknown[] }; actions: unknown[]; firedCount: number; lastFiredAt: string | null; updatedAt: string };

const reminder = (name = "Nudge after 2 days") => ({
  name,
  conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 48 }], any: [] },
  actions: [{ type: "add_tags", tags: ["nudged"] }],
});
const names = async (token: string) => ((await call("GET", "/automations", { token })).body.items as Automation[]).map((a) => `${a.position}:${a.name}:${a.active}`);

describe("automations API", () => {
  it("creates, reads (ETag), changes, turns on and off, orders and deletes automations; only admins see or change them", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const created = await call("POST", "/automations", { token: ws.token, body: reminder() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const first = created.body as Automation;
    expect(first).toMatchObject({ name: "Nudge after 2 days", position: 0, active: true, preset: null, firedCount: 0, lastFiredAt: null });
    // The contract's default filled in (calendar hours).
    expect(first.conditions.all[1]).toEqual({ field: "hours_since", since: "pending", op: "gt", value: 48, calendarId: null });
    const second = (await call("POST", "/automations", { token: ws.token, body: { ...reminder("Second"), active: false } })).body as Automation;
    expect(await names(ws.token)).toEqual(["0:Nudge after 2 days:true", "1:Second:false"]);

    const read = await call("GET", `/automations/${first.id}`, { token: ws.token });
    const etag = read.headers.get("ETag")!;
    expect(etag).toBe(`"${Date.parse(first.updatedAt)}"`);
    const renamed = await call("PATCH", `/automations/${first.id}`, { token: ws.token, headers: { "If-Match": etag }, body: { name: "Renamed", active: false } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    await new Promise((r) => setTimeout(r, 2));
    expectProblem(await call("PATCH", `/automations/${first.id}`, { token: ws.token, headers: { "If-Match": etag }, body: { name: "Lost" } }), 409, "changed_since_read");
    expect((await call("PATCH", `/automations/${second.id}`, { token: ws.token, body: { active: true } })).body).toMatchObject({ active: true, position: 1 });

    const order = await call("PUT", "/automations/order", { token: ws.token, body: { ids: [second.id, first.id] } });
    expect(order.status).toBe(200);
    expect(await names(ws.token)).toEqual(["0:Second:true", "1:Renamed:false"]);
    expect(expectProblem(await call("PUT", "/automations/order", { token: ws.token, body: { ids: [second.id] } }), 422, "automation_order_mismatch").errors?.[0]?.field).toBe("ids");

    const agent = await newMember(ws.token);
    expectProblem(await call("GET", "/automations", { token: agent.token }), 403, "forbidden");
    expectProblem(await call("POST", "/automations", { token: agent.token, body: reminder() }), 403, "forbidden");
    expectProblem(await call("PATCH", `/automations/${first.id}`, { token: agent.token, body: { active: false } }), 403, "forbidden");
    expectProblem(await call("DELETE", `/automations/${first.id}`, { token: agent.token }), 403, "forbidden");
    expectProblem(await call("POST", "/automations/from-preset", { token: agent.token, body: { preset: "pending_solve_7d" } }), 403, "forbidden");

    expect((await call("DELETE", `/automations/${second.id}`, { token: ws.token })).status).toBe(204);
    expect(await names(ws.token)).toEqual(["0:Renamed:false"]);
    expectProblem(await call("DELETE", `/automations/${second.id}`, { token: ws.token }), 404);
  });

  it("refuses what cannot run: no time condition to wait for, a follow-up due in hours and days, ids of nothing, bad shapes", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const untimed = expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), conditions: { all: [{ field: "status", op: "is", value: ["pending"] }], any: [] } } }), 422, "automation_time_condition_required");
    expect(untimed.errors?.[0]?.field).toBe("conditions.all");
    // "less than" is no moment to wait for.
    expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), conditions: { all: [{ field: "hours_since", since: "created", op: "lt", value: 5 }], any: [] } } }), 422, "automation_time_condition_required");
    const both = expectProblem(
      await call("POST", "/automations", { token: ws.token, body: { ...reminder(), actions: [{ type: "create_follow_up", dueInBusinessHours: 4, dueInBusinessDays: 2 }] } }),
      422,
      "follow_up_due_invalid",
    );
    expect(both.errors?.[0]?.field).toBe("actions.0");
    expect(expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), actions: [{ type: "set_group", groupId: "grp_nope" }] } }), 422, "group_not_found").errors?.[0]?.field).toBe("actions.0.groupId");
    expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), actions: [{ type: "create_follow_up", dueInBusinessDays: 2, calendarId: "cal_nope" }] } }), 422, "calendar_not_found");
    expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), actions: [] } }), 422);
    expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), events: ["ticket_created"] } }), 422);
    expectProblem(await call("POST", "/automations", { token: ws.token, body: { ...reminder(), conditions: { all: [{ field: "hours_since", since: "yesterday", op: "gt", value: 1 }], any: [] } } }), 422);
    const first = (await call("POST", "/automations", { token: ws.token, body: reminder() })).body as Automation;
    expectProblem(await call("PATCH", `/automations/${first.id}`, { token: ws.token, body: { conditions: { all: [], any: [] } } }), 422, "automation_time_condition_required");
    expect((await call("GET", "/automations", { token: ws.token })).body.items).toHaveLength(1);
  });

  it("lists the presets and adds one (in the language asked), the group preset with its group", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const presets = (await call("GET", "/automation-presets", { token: ws.token })).body.items as { key: string; needsGroup: boolean; name: { en: string; "zh-CN": string } }[];
    expect(presets.map((p) => p.key)).toEqual(["pending_reminder_3d", "pending_solve_7d", "vip_unassigned_30m", "complaint_follow_up"]);
    expect(presets.filter((p) => p.needsGroup).map((p) => p.key)).toEqual(["vip_unassigned_30m"]);
    const followUp = await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "complaint_follow_up", language: "zh-CN" } });
    expect(followUp.status, JSON.stringify(followUp.body)).toBe(201);
    expect(followUp.body).toMatchObject({ name: "投诉解决后 2 个工作日内回访", preset: "complaint_follow_up", actions: [{ type: "create_follow_up", dueInBusinessDays: 2, calendarId: null }] });
    expectProblem(await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "nope" } }), 422, "preset_not_found");
    const group = ((await call("GET", "/groups", { token: ws.token })).body.items as { id: string }[])[0]!;
    const vip = await call("POST", "/automations/from-preset", { token: ws.token, body: { preset: "vip_unassigned_30m", groupId: group.id } });
    expect(vip.status, JSON.stringify(vip.body)).toBe(201);
    expect(vip.body.actions[0]).toMatchObject({ type: "notify", to: "group_lead", id: group.id });
    expect(vip.body.conditions.all[0]).toEqual({ field: "group", op: "is", value: [group.id] });
  });
});

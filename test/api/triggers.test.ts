import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace, typedClient } from "../helpers/api";

type Trigger = { id: string; name: string; position: number; active: boolean; events: string[]; conditions: unknown; actions: unknown[]; firedCount: number; lastFiredAt: string | null; updatedAt: string };

const refunds = (groupId: string) => ({
  name: "Refunds to Tier 2, urgent",
  events: ["ticket_created"],
  conditions: { all: [{ field: "text", op: "contains_any", value: ["退款", "refund"] }], any: [] },
  actions: [
    { type: "set_group", groupId },
    { type: "set_priority", value: "urgent" },
  ],
});
const simple = (name: string) => ({ name, events: ["ticket_created"], conditions: { all: [], any: [] }, actions: [{ type: "add_tags", tags: [name.toLowerCase()] }] });

const groupsOf = async (token: string) => (await call("GET", "/groups", { token })).body.items as { id: string; name: string }[];
const tier2Of = async (token: string) => (await groupsOf(token)).find((g) => g.name === "Tier 2")!;
const names = async (token: string) => ((await call("GET", "/triggers", { token })).body.items as Trigger[]).map((t) => `${t.position}:${t.name}`);

describe("triggers API", () => {
  it("creates, reads, changes (If-Match), turns on and off, orders and deletes triggers; only admins change them", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const tier2 = await tier2Of(ws.token);
    const client = typedClient(ws.token);
    const created = await client.triggers.$post({ json: refunds(tier2.id) as never });
    expect(created.status).toBe(201);
    const first = (await created.json()) as Trigger;
    expect(first).toMatchObject({ name: "Refunds to Tier 2, urgent", position: 0, active: true, description: "", firedCount: 0, lastFiredAt: null, events: ["ticket_created"] });
    expect(first.actions).toEqual([{ type: "set_group", groupId: tier2.id }, { type: "set_priority", value: "urgent" }]);
    const second = (await call("POST", "/triggers", { token: ws.token, body: simple("Second") })).body as Trigger;
    const third = (await call("POST", "/triggers", { token: ws.token, body: { ...simple("Third"), active: false, description: "Off for now" } })).body as Trigger;
    expect([second.position, third.position, third.active]).toEqual([1, 2, false]);
    expect(await names(ws.token)).toEqual(["0:Refunds to Tier 2, urgent", "1:Second", "2:Third"]);

    // One trigger, with its version; a change naming an old version is refused with the trigger as it is now.
    const read = await call("GET", `/triggers/${second.id}`, { token: ws.token });
    expect(read.status).toBe(200);
    const etag = read.headers.get("ETag")!;
    expect(etag).toBe(`"${Date.parse(second.updatedAt)}"`);
    const renamed = await call("PATCH", `/triggers/${second.id}`, { token: ws.token, headers: { "If-Match": etag }, body: { name: "Second, renamed", description: "Tags every new ticket" } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Second, renamed", description: "Tags every new ticket", position: 1 });
    await new Promise((r) => setTimeout(r, 2));
    const stale = expectProblem(await call("PATCH", `/triggers/${second.id}`, { token: ws.token, headers: { "If-Match": etag }, body: { name: "Lost update" } }), 409, "changed_since_read");
    expect((stale as { current?: Trigger }).current?.name).toBe("Second, renamed");

    // On and off keep the place in the order.
    expect((await call("PATCH", `/triggers/${third.id}`, { token: ws.token, body: { active: true } })).body).toMatchObject({ active: true, position: 2 });
    expect((await call("PATCH", `/triggers/${first.id}`, { token: ws.token, body: { active: false } })).body).toMatchObject({ active: false, position: 0 });

    // Reorder: every id once, else 422 naming `ids`.
    const order = await call("PUT", "/triggers/order", { token: ws.token, body: { ids: [third.id, first.id, second.id] } });
    expect(order.status, JSON.stringify(order.body)).toBe(200);
    expect((order.body.items as Trigger[]).map((t) => t.id)).toEqual([third.id, first.id, second.id]);
    expect(await names(ws.token)).toEqual(["0:Third", "1:Refunds to Tier 2, urgent", "2:Second, renamed"]);
    for (const ids of [[third.id, first.id], [third.id, first.id, second.id, second.id], [third.id, first.id, "trg_nope"]]) {
      const problem = expectProblem(await call("PUT", "/triggers/order", { token: ws.token, body: { ids } }), 422, "trigger_order_mismatch");
      expect(problem.errors?.[0]?.field).toBe("ids");
    }

    // Agents read triggers (the history names them) but change nothing.
    const agent = await newMember(ws.token);
    expect((await call("GET", "/triggers", { token: agent.token })).body.items).toHaveLength(3);
    expectProblem(await call("POST", "/triggers", { token: agent.token, body: simple("Mine") }), 403, "forbidden");
    expectProblem(await call("PATCH", `/triggers/${first.id}`, { token: agent.token, body: { name: "x" } }), 403, "forbidden");
    expectProblem(await call("PATCH", `/triggers/${first.id}`, { token: agent.token, body: { active: false } }), 403, "forbidden");
    expectProblem(await call("PUT", "/triggers/order", { token: agent.token, body: { ids: [first.id, second.id, third.id] } }), 403, "forbidden");
    expectProblem(await call("POST", "/triggers/preview", { token: agent.token, body: { conditions: { all: [], any: [] } } }), 403, "forbidden");
    expectProblem(await call("DELETE", `/triggers/${first.id}`, { token: agent.token }), 403, "forbidden");

    // Delete: the ones after it move up; a second delete is 404.
    expect((await call("DELETE", `/triggers/${third.id}`, { token: ws.token })).status).toBe(204);
    expect(await names(ws.token)).toEqual(["0:Refunds to Tier 2, urgent", "1:Second, renamed"]);
    expectProblem(await call("DELETE", `/triggers/${third.id}`, { token: ws.token }), 404, "not_found");
    expectProblem(await call("GET", `/triggers/${third.id}`, { token: ws.token }), 404, "not_found");
    // New ones still go last.
    expect((await call("POST", "/triggers", { token: ws.token, body: simple("Fourth") })).body.position).toBe(2);
  });

  it("refuses bad conditions, unknown fields and events with 422 naming the field", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const tier2 = await tier2Of(ws.token);
    const base = refunds(tier2.id);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["unknown condition field", { conditions: { all: [{ field: "colour", op: "is", value: ["red"] }], any: [] } }, /^body\.conditions\.all\.0/],
      ["operator of another field", { conditions: { all: [{ field: "priority", op: "contains_any", value: ["urgent"] }], any: [] } }, /^body\.conditions\.all\.0/],
      ["unknown enum value", { conditions: { all: [], any: [{ field: "priority", op: "is", value: ["huge"] }] } }, /^body\.conditions\.any\.0\.value/],
      ["empty word list", { conditions: { all: [{ field: "text", op: "contains_any", value: [] }], any: [] } }, /^body\.conditions\.all\.0\.value/],
      ["unknown action", { actions: [{ type: "launch_rocket" }] }, /^body\.actions\.0/],
      ["no actions", { actions: [] }, /^body\.actions/],
      ["no events", { events: [] }, /^body\.events/],
      ["an event twice", { events: ["ticket_created", "ticket_created"] }, /^body\.events/],
      ["unknown event", { events: ["ticket_exploded"] }, /^body\.events\.0/],
      ["unknown top-level key", { colour: "red" }, /^body/],
      ["blank name", { name: " " }, /^body\.name/],
    ];
    for (const [what, change, field] of cases) {
      const problem = expectProblem(await call("POST", "/triggers", { token: ws.token, body: { ...base, ...change } }), 422, "validation_failed");
      expect(problem.errors?.[0]?.field, what).toMatch(field);
    }
    expectProblem(await call("POST", "/triggers", { token: ws.token, rawBody: "{not json", headers: { "Content-Type": "application/json" } }), 400);
    const saved = (await call("POST", "/triggers", { token: ws.token, body: base })).body as Trigger;
    expectProblem(await call("PATCH", `/triggers/${saved.id}`, { token: ws.token, body: {} }), 422, "validation_failed");
    expectProblem(await call("PATCH", `/triggers/${saved.id}`, { token: ws.token, body: { conditions: { all: [{ field: "status", op: "is", value: ["sleeping"] }] } } }), 422, "validation_failed");
    expect((await call("GET", `/triggers/${saved.id}`, { token: ws.token })).body.conditions).toEqual(base.conditions);
  });

  it("checks every id it names against the workspace: 422 on the field naming it, another workspace's ids included", { timeout: 120_000 }, async () => {
    const [ws, other] = await Promise.all([newWorkspace("Alpha"), newWorkspace("Beta")]);
    const tier2 = await tier2Of(ws.token);
    const theirGroup = await tier2Of(other.token);
    const agent = await newMember(ws.token, "agent", "Ada Agent");
    const theirAgent = await newMember(other.token, "agent", "Bo Agent");
    const base = refunds(tier2.id);
    const withActions = (actions: unknown[]) => ({ ...base, actions });
    const withCondition = (condition: unknown) => ({ ...base, conditions: { all: [], any: [condition] } });
    const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
    const calendarOf = async (token: string) => (await call("POST", "/business-calendars", { token, body: { name: "Office", timeZone: "Asia/Shanghai", weekly: weekdays, holidays: [], workdays: [] } })).body.id as string;
    const [calendar, theirCalendar] = await Promise.all([calendarOf(ws.token), calendarOf(other.token)]);
    const webhookOf = async (token: string, slug: string) => (await call("POST", "/webhooks", { token, body: { name: "Hook", url: `https://hooks.${slug}.example/kefu` } })).body.webhook.id as string;
    const [webhook, theirWebhook] = await Promise.all([webhookOf(ws.token, ws.slug), webhookOf(other.token, other.slug)]);
    const addressOf = async (token: string, slug: string) => (await call("POST", "/support-addresses", { token, body: { address: `help@${slug}.example`, displayName: "Help" } })).body.id as string;
    const [address, theirAddress] = await Promise.all([addressOf(ws.token, ws.slug), addressOf(other.token, other.slug)]);
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare("insert into macros (id, tenant_id, owner_id, title, created_at, updated_at) values (?, ?, null, 'Shared', ?, ?)").bind("mac_shared", ws.workspace.id, now, now),
      env.DB.prepare("insert into macros (id, tenant_id, owner_id, title, created_at, updated_at) values (?, ?, ?, 'Personal', ?, ?)").bind("mac_personal", ws.workspace.id, agent.user.id, now, now),
      env.DB.prepare("insert into macros (id, tenant_id, owner_id, title, created_at, updated_at) values (?, ?, null, 'Theirs', ?, ?)").bind("mac_theirs", other.workspace.id, now, now),
    ]);
    const mail = { subject: { en: "Hello" }, body: { en: "Hi {{customer.name}}" } };

    const good = [
      withActions([{ type: "set_assignee", assigneeId: agent.user.id }, { type: "set_assignee", assigneeId: null }, { type: "set_group", groupId: null }, { type: "assign_by_group_method" }]),
      withActions([{ type: "email_agent", userId: agent.user.id, ...mail }, { type: "email_group", groupId: tier2.id, ...mail }, { type: "email_requester", ...mail }]),
      withActions([{ type: "apply_macro", macroId: "mac_shared" }, { type: "call_webhook", webhookId: webhook }]),
      withActions([{ type: "notify", to: "assignee", text: "Look" }, { type: "notify", to: "user", id: agent.user.id, text: "Look" }, { type: "notify", to: "group", id: tier2.id, text: "Look" }, { type: "notify", to: "group_lead", text: "Look" }, { type: "notify", to: "group_lead", id: tier2.id, text: "Look" }]),
      withCondition({ field: "group", op: "is", value: [tier2.id, null] }),
      withCondition({ field: "assignee", op: "is_not", value: [agent.user.id, null] }),
      withCondition({ field: "support_address", op: "is", value: [address] }),
      withCondition({ field: "business_hours", op: "within", calendarId: calendar }),
      withCondition({ field: "hours_since", since: "created", op: "gt", value: 2, calendarId: calendar }),
    ];
    for (const body of good) {
      const res = await call("POST", "/triggers", { token: ws.token, body });
      expect(res.status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`).toBe(201);
    }

    const bad: [unknown, string, string][] = [
      [withActions([{ type: "set_priority", value: "high" }, { type: "set_group", groupId: theirGroup.id }]), "actions.1.groupId", "group_not_found"],
      [withActions([{ type: "set_group", groupId: "grp_nope" }]), "actions.0.groupId", "group_not_found"],
      [withActions([{ type: "set_assignee", assigneeId: theirAgent.user.id }]), "actions.0.assigneeId", "assignee_not_found"],
      [withActions([{ type: "email_agent", userId: theirAgent.user.id, ...mail }]), "actions.0.userId", "user_not_found"],
      [withActions([{ type: "email_group", groupId: theirGroup.id, ...mail }]), "actions.0.groupId", "group_not_found"],
      [withActions([{ type: "apply_macro", macroId: "mac_theirs" }]), "actions.0.macroId", "macro_not_found"],
      [withActions([{ type: "apply_macro", macroId: "mac_personal" }]), "actions.0.macroId", "macro_not_found"],
      [withActions([{ type: "call_webhook", webhookId: theirWebhook }]), "actions.0.webhookId", "webhook_not_found"],
      [withActions([{ type: "notify", to: "user", id: theirAgent.user.id, text: "x" }]), "actions.0.id", "user_not_found"],
      [withActions([{ type: "notify", to: "group", id: theirGroup.id, text: "x" }]), "actions.0.id", "group_not_found"],
      [withActions([{ type: "notify", to: "group", text: "x" }]), "actions.0.id", "notify_target_invalid"],
      [withActions([{ type: "notify", to: "group_lead", id: theirGroup.id, text: "x" }]), "actions.0.id", "group_not_found"],
      [withActions([{ type: "notify", to: "assignee", id: agent.user.id, text: "x" }]), "actions.0.id", "notify_target_invalid"],
      [withCondition({ field: "group", op: "is", value: [null, theirGroup.id] }), "conditions.any.0.value.1", "group_not_found"],
      [withCondition({ field: "assignee", op: "is", value: [theirAgent.user.id] }), "conditions.any.0.value.0", "assignee_not_found"],
      [withCondition({ field: "support_address", op: "is", value: [address, theirAddress] }), "conditions.any.0.value.1", "support_address_not_found"],
      [withCondition({ field: "business_hours", op: "outside", calendarId: theirCalendar }), "conditions.any.0.calendarId", "calendar_not_found"],
      [withCondition({ field: "hours_since", since: "updated", op: "lt", value: 1, calendarId: theirCalendar }), "conditions.any.0.calendarId", "calendar_not_found"],
    ];
    for (const [body, field, code] of bad) {
      const problem = expectProblem(await call("POST", "/triggers", { token: ws.token, body }), 422, code);
      expect(problem.errors, JSON.stringify(body)).toEqual([expect.objectContaining({ field, code })]);
      expect(JSON.stringify(problem)).not.toContain("Beta");
    }
    // Several at once: one error per field.
    const several = expectProblem(await call("POST", "/triggers", { token: ws.token, body: { ...withActions([{ type: "set_group", groupId: theirGroup.id }, { type: "call_webhook", webhookId: "whk_nope" }]), conditions: { all: [{ field: "group", op: "is", value: ["grp_x"] }], any: [] } } }), 422);
    expect(several.errors?.map((e) => `${e.field}:${e.code}`)).toEqual(["conditions.all.0.value.0:group_not_found", "actions.0.groupId:group_not_found", "actions.1.webhookId:webhook_not_found"]);

    // A change is checked the same way and, refused, changes nothing.
    const saved = (await call("GET", "/triggers", { token: ws.token })).body.items[0] as Trigger;
    expectProblem(await call("PATCH", `/triggers/${saved.id}`, { token: ws.token, body: { actions: [{ type: "set_group", groupId: theirGroup.id }] } }), 422, "group_not_found");
    expect((await call("GET", `/triggers/${saved.id}`, { token: ws.token })).body.actions).toEqual(saved.actions);
    // A deactivated agent is no one to assign to.
    await call("PATCH", `/users/${agent.user.id}`, { token: ws.token, body: { active: false } });
    expectProblem(await call("POST", "/triggers", { token: ws.token, body: withActions([{ type: "set_assignee", assigneeId: agent.user.id }]) }), 422, "assignee_not_found");
  });

  it("holds at most 100 triggers per workspace", { timeout: 180_000 }, async () => {
    const ws = await newWorkspace();
    const now = Date.now();
    const rows = Array.from({ length: 99 }, (_, i) =>
      env.DB.prepare("insert into triggers (id, tenant_id, name, position, events, conditions, actions, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)").bind(
        `trg_bulk_${ws.workspace.id}_${i}`,
        ws.workspace.id,
        `Bulk ${i}`,
        i,
        '["ticket_created"]',
        '{"all":[],"any":[]}',
        '[{"type":"add_tags","tags":["x"]}]',
        now,
        now,
      ),
    );
    await env.DB.batch(rows);
    const hundredth = await call("POST", "/triggers", { token: ws.token, body: simple("Hundredth") });
    expect(hundredth.status, JSON.stringify(hundredth.body)).toBe(201);
    expect(hundredth.body.position).toBe(99);
    expectProblem(await call("POST", "/triggers", { token: ws.token, body: simple("One too many") }), 409, "too_many_triggers");
    expect((await call("GET", "/triggers", { token: ws.token })).body.items).toHaveLength(100);
  });

  it("another workspace's trigger is not found on any route, and stays as it was", { timeout: 120_000 }, async () => {
    const [a, b] = await Promise.all([newWorkspace("Alpha"), newWorkspace("Beta")]);
    const theirs = (await call("POST", "/triggers", { token: b.token, body: refunds((await tier2Of(b.token)).id) })).body as Trigger;
    const mine = (await call("POST", "/triggers", { token: a.token, body: simple("Mine") })).body as Trigger;
    const routes: [string, string, unknown?][] = [
      ["GET", `/triggers/${theirs.id}`],
      ["PATCH", `/triggers/${theirs.id}`, { name: "Stolen" }],
      ["PATCH", `/triggers/${theirs.id}`, { active: false }],
      ["DELETE", `/triggers/${theirs.id}`],
    ];
    for (const [method, path, body] of routes) expectProblem(await call(method, path, { token: a.token, body }), 404, "not_found");
    expectProblem(await call("PUT", "/triggers/order", { token: a.token, body: { ids: [theirs.id, mine.id] } }), 422, "trigger_order_mismatch");
    expectProblem(await call("PUT", "/triggers/order", { token: a.token, body: { ids: [theirs.id] } }), 422, "trigger_order_mismatch");
    expect((await call("GET", "/triggers", { token: a.token })).body.items.map((t: Trigger) => t.id)).toEqual([mine.id]);
    expect((await call("GET", `/triggers/${theirs.id}`, { token: b.token })).body).toEqual(theirs);
    // Deleting A's only trigger leaves B's position alone.
    expect((await call("DELETE", `/triggers/${mine.id}`, { token: a.token })).status).toBe(204);
    expect((await call("GET", `/triggers/${theirs.id}`, { token: b.token })).body.position).toBe(0);
  });

  it("previews which recent tickets a trigger's conditions match, and why, saved or not", { timeout: 120_000 }, async () => {
    const [ws, other] = await Promise.all([newWorkspace(), newWorkspace("Other")]);
    const tier2 = await tier2Of(ws.token);
    const refund = await newTicket(ws.token, { subject: "订单问题", description: "茶叶坏了，我要退款。", requester: { email: "wang@shop.example", name: "Wang" } });
    const plain = await newTicket(ws.token, { subject: "Shipping time", description: "When will my tea arrive?", requester: { email: "li@tea.example" }, tags: ["shipping"] });
    await newTicket(other.token, { subject: "退款 elsewhere", description: "退款" });

    const body = refunds(tier2.id);
    const res = await call("POST", "/triggers/preview", { token: ws.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    type Item = { ticket: { id: string; subject: string }; matched: boolean; reasons: string[] };
    const items = res.body.items as Item[];
    // Only this workspace's tickets, newest first.
    expect(items.map((i) => i.ticket.id)).toEqual([plain.id, refund.id]);
    expect(res.body.matchedCount).toBe(1);
    const byId = new Map(items.map((i) => [i.ticket.id, i]));
    expect(byId.get(refund.id)).toMatchObject({ matched: true, reasons: [expect.stringMatching(/^✓ .*退款/)] });
    expect(byId.get(plain.id)).toMatchObject({ matched: false, reasons: [expect.stringMatching(/^✗ /)] });

    // Several conditions: one reason each; `any` needs one of its conditions.
    const many = await call("POST", "/triggers/preview", {
      token: ws.token,
      body: {
        conditions: {
          all: [{ field: "status", op: "is", value: ["new", "open"] }],
          any: [
            { field: "tags", op: "contains_any", value: ["shipping"] },
            { field: "email_domain", op: "is", value: ["shop.example"] },
          ],
        },
      },
    });
    expect(many.status, JSON.stringify(many.body)).toBe(200);
    for (const item of many.body.items as Item[]) expect(item.reasons).toHaveLength(3);
    expect(many.body.matchedCount).toBe(2);
    const onlyShipping = await call("POST", "/triggers/preview", { token: ws.token, body: { conditions: { all: [{ field: "tags", op: "contains_none", value: ["shipping"] }], any: [] } } });
    expect((onlyShipping.body.items as Item[]).filter((i) => i.matched).map((i) => i.ticket.id)).toEqual([refund.id]);

    // A saved trigger previews the same way (its body as read); no conditions match every ticket.
    const saved = (await call("POST", "/triggers", { token: ws.token, body })).body as Trigger;
    const again = await call("POST", "/triggers/preview", { token: ws.token, body: saved });
    expect(again.body.matchedCount).toBe(1);
    expect((await call("POST", "/triggers/preview", { token: ws.token, body: { conditions: { all: [], any: [] } } })).body.matchedCount).toBe(2);
    // Bad conditions are the caller's 422; a workspace without tickets previews nothing.
    expectProblem(await call("POST", "/triggers/preview", { token: ws.token, body: { conditions: { all: [{ field: "text", op: "is", value: ["x"] }], any: [] } } }), 422, "validation_failed");
    expectProblem(await call("POST", "/triggers/preview", { token: ws.token, body: {} }), 422, "validation_failed");
    const empty = await newWorkspace("Empty");
    expect((await call("POST", "/triggers/preview", { token: empty.token, body })).body).toEqual({ items: [], matchedCount: 0 });
  });
});

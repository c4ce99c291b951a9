import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace, typedClient } from "../helpers/api";

type Macro = { id: string; title: string; replyText: string; replyKind: "reply" | "note"; actions: unknown[]; shared: boolean; ownerId: string | null; usageCount: number; lastUsedAt: string | null; updatedAt: string };
type Event = { type: string; field: string | null; oldValue: string | null; newValue: string | null; actorType: string; actorId: string | null; reason: string | null };

const refund = {
  title: "Refund received",
  replyText: "Hi {{customer.first_name}}, we received your refund request for {{ticket.number}}. — {{agent.name}}",
  actions: [
    { type: "set_priority", value: "high" },
    { type: "add_tags", tags: ["refund"] },
  ],
};
const macrosOf = async (token: string) => (await call("GET", "/macros", { token })).body.items as Macro[];
const create = (token: string, body: Record<string, unknown>) => call("POST", "/macros", { token, body });
const eventsOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}/events`, { token })).body.items as Event[];

describe("macros API", () => {
  it("creates, reads, changes (If-Match) and deletes macros; personal ones are their owner's alone, shared ones everyone's and admins' to change", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const ada = await newMember(ws.token, "agent", "Ada Agent");
    const bo = await newMember(ws.token, "agent", "Bo Agent");
    const client = typedClient(ada.token);

    const mine = await client.macros.$post({ json: { ...refund, replyKind: "reply", shared: false } as never });
    expect(mine.status).toBe(201);
    const personal = (await mine.json()) as Macro;
    expect(personal).toMatchObject({ title: "Refund received", replyKind: "reply", shared: false, ownerId: ada.user.id, usageCount: 0, lastUsedAt: null });
    expect(personal.actions).toEqual(refund.actions);
    // Defaults: a public reply, no actions, personal.
    const bare = (await create(ada.token, { title: "Thanks", replyText: "Thank you!" })).body as Macro;
    expect(bare).toMatchObject({ replyKind: "reply", actions: [], shared: false });
    expectProblem(await create(ada.token, { title: "For all", replyText: "x", shared: true }), 403, "forbidden");
    const shared = await create(ws.token, { title: "Escalate", replyText: "", replyKind: "note", actions: [{ type: "set_priority", value: "urgent" }], shared: true });
    expect(shared.status, JSON.stringify(shared.body)).toBe(201);
    expect(shared.body).toMatchObject({ shared: true, ownerId: null, replyKind: "note", replyText: "" });

    // Ada sees hers and the shared one; Bo only the shared one; Ada's is not Bo's to read, change or delete.
    expect((await macrosOf(ada.token)).map((m) => m.title).sort()).toEqual(["Escalate", "Refund received", "Thanks"]);
    expect((await macrosOf(bo.token)).map((m) => m.title)).toEqual(["Escalate"]);
    expectProblem(await call("GET", `/macros/${personal.id}`, { token: bo.token }), 404, "not_found");
    expectProblem(await call("PATCH", `/macros/${personal.id}`, { token: bo.token, body: { title: "Mine now" } }), 404, "not_found");
    expectProblem(await call("DELETE", `/macros/${personal.id}`, { token: bo.token }), 404, "not_found");
    expectProblem(await call("PATCH", `/macros/${shared.body.id}`, { token: ada.token, body: { title: "x" } }), 403, "forbidden");
    expectProblem(await call("DELETE", `/macros/${shared.body.id}`, { token: ada.token }), 403, "forbidden");
    // Even the owner does not see another person's personal macros.
    expect((await macrosOf(ws.token)).map((m) => m.title)).toEqual(["Escalate"]);

    // Titles are unique among the shared ones and among each person's own.
    expectProblem(await create(ada.token, { title: "Thanks", replyText: "again" }), 409, "title_taken");
    expect((await create(bo.token, { title: "Thanks", replyText: "Bo's own" })).status).toBe(201);

    // One macro with its version; an old version is refused with the macro as it is now.
    const read = await call("GET", `/macros/${personal.id}`, { token: ada.token });
    const etag = read.headers.get("ETag")!;
    expect(etag).toBe(`"${Date.parse(personal.updatedAt)}"`);
    const changed = await call("PATCH", `/macros/${personal.id}`, { token: ada.token, headers: { "If-Match": etag }, body: { replyKind: "note", actions: [{ type: "set_type", value: "task" }] } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ replyKind: "note", actions: [{ type: "set_type", value: "task" }], title: "Refund received" });
    await new Promise((r) => setTimeout(r, 2));
    const stale = expectProblem(await call("PATCH", `/macros/${personal.id}`, { token: ada.token, headers: { "If-Match": etag }, body: { title: "Lost" } }), 409, "changed_since_read");
    expect((stale as { current?: Macro }).current?.replyKind).toBe("note");

    // A read-only token reads macros but changes none.
    const readOnly = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "ro", scope: "read" } })).body.token as string;
    expect((await call("GET", "/macros", { token: readOnly })).status).toBe(200);
    expectProblem(await create(readOnly, { title: "No", replyText: "x" }), 403);

    expect((await call("DELETE", `/macros/${personal.id}`, { token: ada.token })).status).toBe(204);
    expectProblem(await call("GET", `/macros/${personal.id}`, { token: ada.token }), 404, "not_found");
    expect((await call("DELETE", `/macros/${shared.body.id}`, { token: ws.token })).status).toBe(204);
  });

  it("refuses an unknown placeholder, an action a macro cannot take (applying a macro among them) and an empty macro, naming the field", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const placeholder = expectProblem(await create(ws.token, { title: "Bad", replyText: "Hi {{customer.nickname}}" }), 422, "unknown_placeholder");
    expect(placeholder.errors).toEqual([expect.objectContaining({ field: "replyText", code: "unknown_placeholder" })]);
    const loop = expectProblem(await create(ws.token, { title: "Loop", replyText: "x", actions: [{ type: "add_tags", tags: ["a"] }, { type: "apply_macro", macroId: "mac_other" }] }), 422, "macro_action_not_allowed");
    expect(loop.errors).toEqual([expect.objectContaining({ field: "actions.1", code: "macro_action_not_allowed" })]);
    for (const action of [{ type: "notify", to: "assignee", text: "Look" }, { type: "add_note", body: "n" }, { type: "set_status", value: "new" }, { type: "assign_by_group_method" }]) {
      const refused = expectProblem(await create(ws.token, { title: "Other", actions: [action] }), 422, "macro_action_not_allowed");
      expect(refused.errors?.[0]?.field, JSON.stringify(action)).toBe("actions.0");
    }
    expect(expectProblem(await create(ws.token, { title: "Nothing", replyText: "  " }), 422, "macro_empty").errors?.[0]?.field).toBe("replyText");
    // The contract's own shapes are checked by the schema.
    const shape = expectProblem(await create(ws.token, { title: "Shape", actions: [{ type: "set_priority", value: "sky-high" }] }), 422, "validation_failed");
    expect(shape.errors?.[0]?.field).toMatch(/^body\.actions\.0/);
    // The same rules on a change.
    const ok = (await create(ws.token, { title: "Fine", replyText: "Hello" })).body as Macro;
    expect(expectProblem(await call("PATCH", `/macros/${ok.id}`, { token: ws.token, body: { actions: [{ type: "apply_macro", macroId: ok.id }] } }), 422, "macro_action_not_allowed").errors?.[0]?.field).toBe("actions.0");
    expect(expectProblem(await call("PATCH", `/macros/${ok.id}`, { token: ws.token, body: { replyText: "{{ticket.owner}}" } }), 422, "unknown_placeholder").errors?.[0]?.field).toBe("replyText");
  });

  it("previews a macro on a ticket (text filled, field changes) without writing, and applies it: changes with the macro in the history, its use counted, the text returned unsent", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const ada = await newMember(ws.token, "agent", "Ada Agent");
    const ticket = await newTicket(ws.token, { subject: "Refund please", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    const macro = (await create(ada.token, refund)).body as Macro;

    const preview = await call("POST", `/tickets/${ticket.id}/macros/${macro.id}/preview`, { token: ada.token });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toEqual({
      replyKind: "reply",
      text: `Hi Li, we received your refund request for #${ticket.number}. — Ada Agent`,
      changes: [
        { field: "priority", from: "normal", to: "high" },
        { field: "tags", from: "[]", to: '["refund"]' },
      ],
    });
    // Nothing was written.
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ada.token })).body).toMatchObject({ priority: "normal", tags: [] });
    expect((await call("GET", `/macros/${macro.id}`, { token: ada.token })).body.usageCount).toBe(0);

    const applied = await typedClient(ada.token).tickets[":id"].macros[":macroId"].apply.$post({ param: { id: ticket.id, macroId: macro.id } });
    expect(applied.status).toBe(200);
    const body = (await applied.json()) as { text: string; replyKind: string; changes: unknown[]; ticket: { priority: string; tags: string[]; status: string } };
    expect(body.text).toBe(preview.body.text);
    expect(body.changes).toEqual(preview.body.changes);
    expect(body.ticket).toMatchObject({ priority: "high", tags: ["refund"] });
    const changes = (await eventsOf(ada.token, ticket.id)).filter((e) => e.type === "field_change" && e.reason !== null);
    expect(changes).toEqual([
      expect.objectContaining({ field: "priority", oldValue: "normal", newValue: "high", actorType: "agent", actorId: ada.user.id, reason: `macro:${macro.id}:Refund received` }),
      expect.objectContaining({ field: "tags", newValue: '["refund"]', reason: `macro:${macro.id}:Refund received` }),
    ]);
    // The text is for the composer: no message was sent or added.
    expect((await call("GET", `/tickets/${ticket.id}/messages`, { token: ada.token })).body.items).toHaveLength(1);
    const used = (await call("GET", `/macros/${macro.id}`, { token: ada.token })).body as Macro;
    expect(used.usageCount).toBe(1);
    expect(used.lastUsedAt).not.toBeNull();

    // Applied again, it changes nothing more, yet counts; a text-only macro counts too, and the list puts the most used first.
    const again = await call("POST", `/tickets/${ticket.id}/macros/${macro.id}/apply`, { token: ada.token });
    expect(again.body.changes).toEqual([]);
    const textOnly = (await create(ada.token, { title: "A first", replyText: "Hello {{customer.name}}", replyKind: "note" })).body as Macro;
    expect((await call("POST", `/tickets/${ticket.id}/macros/${textOnly.id}/apply`, { token: ada.token })).body).toMatchObject({ replyKind: "note", text: "Hello Li Wei", changes: [] });
    expect((await macrosOf(ada.token)).map((m) => [m.title, m.usageCount])).toEqual([
      ["Refund received", 2],
      ["A first", 1],
    ]);

    // A closed ticket refuses the change, in the preview and the apply, and the use is not counted.
    const closing = await newTicket(ws.token, { subject: "Done" });
    await call("PATCH", `/tickets/${closing.id}`, { token: ws.token, body: { status: "solved" } });
    await call("PATCH", `/tickets/${closing.id}`, { token: ws.token, body: { status: "closed" } });
    expectProblem(await call("POST", `/tickets/${closing.id}/macros/${macro.id}/preview`, { token: ada.token }), 409, "ticket_closed");
    expectProblem(await call("POST", `/tickets/${closing.id}/macros/${macro.id}/apply`, { token: ada.token }), 409, "ticket_closed");
    expect((await call("GET", `/macros/${macro.id}`, { token: ada.token })).body.usageCount).toBe(2);

    // Another agent cannot use Ada's personal macro; a missing ticket or macro is 404.
    const bo = await newMember(ws.token, "agent", "Bo Agent");
    expectProblem(await call("POST", `/tickets/${ticket.id}/macros/${macro.id}/preview`, { token: bo.token }), 404, "not_found");
    expectProblem(await call("POST", `/tickets/${ticket.id}/macros/${macro.id}/apply`, { token: bo.token }), 404, "not_found");
    expectProblem(await call("POST", `/tickets/tkt_missing/macros/${macro.id}/apply`, { token: ada.token }), 404, "not_found");
  });

  it("applies a macro's field changes to many tickets, each counted, with undo; a macro without actions is refused", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace("Other");
    const [one, two] = [await newTicket(ws.token, { subject: "One" }), await newTicket(ws.token, { subject: "Two" })];
    const foreign = await newTicket(other.token, { subject: "Not yours" });
    const macro = (await create(ws.token, { ...refund, shared: true })).body as Macro;

    const bulk = await call("POST", "/bulk/tickets/macro", { token: ws.token, body: { ids: [one.id, two.id, foreign.id], macroId: macro.id } });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.results.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual([
      [one.id, "updated"],
      [two.id, "updated"],
      [foreign.id, "not_found"],
    ]);
    for (const id of [one.id, two.id]) {
      expect((await call("GET", `/tickets/${id}`, { token: ws.token })).body).toMatchObject({ priority: "high", tags: ["refund"] });
      expect((await eventsOf(ws.token, id)).filter((e) => e.reason !== null).map((e) => e.reason)).toEqual([`macro:${macro.id}:Refund received`, `macro:${macro.id}:Refund received`]);
    }
    expect((await call("GET", `/tickets/${foreign.id}`, { token: other.token })).body).toMatchObject({ priority: "normal", tags: [] });
    expect((await call("GET", `/macros/${macro.id}`, { token: ws.token })).body.usageCount).toBe(2);

    // Undo as for any bulk change.
    const undone = await call("POST", "/bulk/tickets/undo", { token: ws.token, body: { tickets: bulk.body.undo } });
    expect(undone.body.results.map((r: { result: string }) => r.result)).toEqual(["updated", "updated"]);
    expect((await call("GET", `/tickets/${one.id}`, { token: ws.token })).body).toMatchObject({ priority: "normal", tags: [] });

    // By the list's filter too.
    const filtered = await call("POST", "/bulk/tickets/macro", { token: ws.token, body: { filter: { q: "One" }, macroId: macro.id } });
    expect(filtered.body.results.map((r: { id: string }) => r.id)).toEqual([one.id]);

    const textOnly = (await create(ws.token, { title: "Just text", replyText: "Hello" })).body as Macro;
    expect(expectProblem(await call("POST", "/bulk/tickets/macro", { token: ws.token, body: { ids: [one.id], macroId: textOnly.id } }), 422, "macro_has_no_actions").errors?.[0]?.field).toBe("macroId");
    expectProblem(await call("POST", "/bulk/tickets/macro", { token: ws.token, body: { ids: [one.id], macroId: "mac_missing" } }), 404, "not_found");
    expectProblem(await call("POST", "/bulk/tickets/macro", { token: ws.token, body: { ids: [one.id], filter: {}, macroId: macro.id } }), 422, "validation_failed");
  });

  it("keeps one workspace's macros from another on every route", { timeout: 120_000 }, async () => {
    const [a, b] = [await newWorkspace("Alpha"), await newWorkspace("Beta")];
    const aTicket = await newTicket(a.token);
    const bTicket = await newTicket(b.token);
    const aMacro = (await create(a.token, { ...refund, shared: true })).body as Macro;
    const bMacro = (await create(b.token, { ...refund, shared: true })).body as Macro;
    expect((await macrosOf(a.token)).map((m) => m.id)).toEqual([aMacro.id]);
    expectProblem(await call("GET", `/macros/${bMacro.id}`, { token: a.token }), 404, "not_found");
    expectProblem(await call("PATCH", `/macros/${bMacro.id}`, { token: a.token, body: { title: "Stolen" } }), 404, "not_found");
    expectProblem(await call("DELETE", `/macros/${bMacro.id}`, { token: a.token }), 404, "not_found");
    // B's macro on A's ticket, and A's macro on B's ticket.
    for (const [ticket, macro] of [
      [aTicket.id, bMacro.id],
      [bTicket.id, aMacro.id],
    ]) {
      expectProblem(await call("POST", `/tickets/${ticket}/macros/${macro}/preview`, { token: a.token }), 404, "not_found");
      expectProblem(await call("POST", `/tickets/${ticket}/macros/${macro}/apply`, { token: a.token }), 404, "not_found");
    }
    expectProblem(await call("POST", "/bulk/tickets/macro", { token: a.token, body: { ids: [aTicket.id], macroId: bMacro.id } }), 404, "not_found");
    // B's are untouched.
    expect((await call("GET", `/macros/${bMacro.id}`, { token: b.token })).body).toMatchObject({ title: "Refund received", usageCount: 0 });
    expect((await call("GET", `/tickets/${bTicket.id}`, { token: b.token })).body).toMatchObject({ priority: "normal", tags: [] });
  });

  it("serves standard replies as the shared macros without actions, from the macros table", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const reply = await call("POST", "/standard-replies", { token: ws.token, body: { title: "Shipping", body: "It ships Monday, {{customer.first_name}}." } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect((await macrosOf(ws.token)).find((m) => m.id === reply.body.id)).toMatchObject({ title: "Shipping", replyText: "It ships Monday, {{customer.first_name}}.", replyKind: "reply", actions: [], shared: true });
    // A macro edited on the macros side is the same reply; one with actions, a note or a personal one is not a standard reply.
    await call("PATCH", `/macros/${reply.body.id}`, { token: ws.token, body: { title: "Shipping soon" } });
    expect((await call("GET", `/standard-replies/${reply.body.id}`, { token: ws.token })).body.title).toBe("Shipping soon");
    const withActions = (await create(ws.token, { ...refund, shared: true })).body as Macro;
    const note = (await create(ws.token, { title: "Note", replyText: "n", replyKind: "note", shared: true })).body as Macro;
    const own = (await create(ws.token, { title: "Own", replyText: "o" })).body as Macro;
    expect((await call("GET", "/standard-replies", { token: ws.token })).body.items.map((r: { title: string }) => r.title)).toEqual(["Shipping soon"]);
    for (const id of [withActions.id, note.id, own.id]) expectProblem(await call("GET", `/standard-replies/${id}`, { token: ws.token }), 404, "not_found");
    expectProblem(await call("DELETE", `/standard-replies/${withActions.id}`, { token: ws.token }), 404, "not_found");
    // A title already taken by a shared macro is taken for a standard reply too.
    expectProblem(await call("POST", "/standard-replies", { token: ws.token, body: { title: "Refund received", body: "x" } }), 409, "title_taken");
    expect((await call("DELETE", `/standard-replies/${reply.body.id}`, { token: ws.token })).status).toBe(204);
    expect((await macrosOf(ws.token)).map((m) => m.title).sort()).toEqual(["Note", "Own", "Refund received"]);
  });
});

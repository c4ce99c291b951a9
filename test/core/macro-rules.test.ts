import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_TYPES } from "../../schema";
import { checkMacro, MACRO_ACTION_TYPES, macroChange, macroPreview, macroProblems, macroReason } from "../../workers/core/macros/macro-rules";
import type { Action } from "../../workers/core/rules/rule-schema";
import { PLACEHOLDERS } from "../../workers/core/tickets/templates";
import { normalizeTags, planTicketUpdate, resolveChange, type TicketFields, type TicketTimestamps } from "../../workers/core/tickets/ticket-rules";
import { AppError } from "../../workers/core/errors";

const tags = fc.array(fc.constantFrom("vip", "refund", "Broken Item", "late", "退款"), { minLength: 1, maxLength: 3 });
const person = fc.constantFrom(null, "usr_a", "usr_b");
/** The actions a macro may hold (a status an agent can set: never back to new, never closed from here). */
const macroAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant("set_priority" as const), value: fc.constantFrom(...TICKET_PRIORITIES) }),
  fc.record({ type: fc.constant("set_type" as const), value: fc.constantFrom(...TICKET_TYPES) }),
  fc.record({ type: fc.constant("set_status" as const), value: fc.constantFrom("open" as const, "pending" as const, "on_hold" as const, "solved" as const) }),
  fc.record({ type: fc.constant("set_group" as const), groupId: fc.constantFrom(null, "grp_1", "grp_2") }),
  fc.record({ type: fc.constant("set_assignee" as const), assigneeId: person }),
  fc.record({ type: fc.constantFrom("add_tags" as const, "remove_tags" as const), tags }),
);
/** Actions a macro may not hold: other rules' effects, and applying a macro. */
const otherAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant("apply_macro" as const), macroId: fc.constant("mac_1") }),
  fc.record({ type: fc.constant("add_note" as const), body: fc.constant("Look") }),
  fc.record({ type: fc.constant("assign_by_group_method" as const) }),
  fc.record({ type: fc.constant("call_webhook" as const), webhookId: fc.constant("whk_1") }),
  fc.record({ type: fc.constant("notify" as const), to: fc.constant("assignee" as const), id: fc.constant(null), text: fc.constant("Hi") }),
);
const ticket = fc.record({
  subject: fc.constant("Refund please"),
  status: fc.constantFrom("new" as const, "open" as const, "pending" as const, "on_hold" as const, "solved" as const),
  priority: fc.constantFrom(...TICKET_PRIORITIES),
  type: fc.constantFrom(...TICKET_TYPES),
  requesterId: fc.constant("cus_1"),
  assigneeId: person,
  groupId: fc.constantFrom(null, "grp_1"),
  tags: fc.array(fc.constantFrom("vip", "refund", "late"), { maxLength: 3 }).map(normalizeTags),
  automatic: fc.constant(false),
  solvedAt: fc.constant(null),
  closedAt: fc.constant(null),
}) satisfies fc.Arbitrary<TicketFields & TicketTimestamps>;
const known = fc.constantFrom(...PLACEHOLDERS).map((p) => `{{${p}}}`);
const text = fc.array(fc.oneof(fc.string({ maxLength: 8 }).filter((s) => !s.includes("{") && !s.includes("}")), known), { maxLength: 6 }).map((parts) => parts.join(" "));
const now = new Date("2026-12-05T12:00:00Z");

describe("macro rules", () => {
  it("a macro of field actions with known placeholders may be saved", () => {
    fc.assert(
      fc.property(text, fc.array(macroAction, { minLength: 1, maxLength: 8 }), (replyText, actions) => {
        expect(macroProblems({ replyText, actions })).toEqual([]);
        expect(() => checkMacro({ replyText, actions })).not.toThrow();
      }),
    );
  });

  it("every action a macro may not take is refused on its own field, with 422 `macro_action_not_allowed`, the others not", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(macroAction.map((a) => ({ a, ok: true })), otherAction.map((a) => ({ a, ok: false }))), { minLength: 1, maxLength: 8 }), (items) => {
        const actions = items.map((i) => i.a);
        const refused = macroProblems({ replyText: "Hi", actions }).map((p) => p.field);
        expect(refused).toEqual(items.flatMap((item, i) => (item.ok ? [] : [`actions.${i}`])));
        if (refused.length) {
          const error = (() => {
            try {
              checkMacro({ replyText: "Hi", actions });
            } catch (e) {
              return e;
            }
          })();
          expect(error).toBeInstanceOf(AppError);
          expect(error).toMatchObject({ status: 422, code: "macro_action_not_allowed" });
        }
      }),
    );
    expect(MACRO_ACTION_TYPES).not.toContain("apply_macro");
  });

  it("an unknown placeholder is refused on replyText; an empty macro too; setting status back to new too", () => {
    expect(macroProblems({ replyText: "Hi {{customer.nickname}}", actions: [] })).toEqual([expect.objectContaining({ field: "replyText", code: "unknown_placeholder" })]);
    expect(macroProblems({ replyText: " \n ", actions: [] })).toEqual([expect.objectContaining({ field: "replyText", code: "macro_empty" })]);
    expect(macroProblems({ replyText: "", actions: [{ type: "set_status", value: "new" }] })).toEqual([expect.objectContaining({ field: "actions.0", code: "macro_action_not_allowed" })]);
  });

  it("the preview is what the write would change: the ticket after it previews no change (a macro applied twice changes nothing more)", () => {
    fc.assert(
      fc.property(ticket, fc.array(macroAction, { minLength: 1, maxLength: 8 }), (current, actions) => {
        const changes = macroPreview(current, actions, now);
        const planned = planTicketUpdate(current, resolveChange(macroChange(actions), current), now);
        expect(changes).toEqual(planned.changes);
        expect(macroPreview({ ...planned.next, ...planned.timestamps, solvedAt: null, closedAt: null }, actions, now)).toEqual([]);
      }),
    );
  });

  it("the last action on a field wins, and the change does not depend on the ticket", () => {
    fc.assert(
      fc.property(fc.array(macroAction, { minLength: 1, maxLength: 8 }), (actions) => {
        const change = macroChange(actions);
        const lastPriority = actions.filter((a) => a.type === "set_priority").at(-1);
        expect(change.priority).toBe(lastPriority?.type === "set_priority" ? lastPriority.value : undefined);
        const lastAssignee = actions.filter((a) => a.type === "set_assignee").at(-1);
        expect(change.assigneeId).toBe(lastAssignee?.type === "set_assignee" ? lastAssignee.assigneeId : undefined);
      }),
    );
  });

  it("names the macro in the history's reason", () => {
    expect(macroReason({ id: "mac_1", title: "Refund: received" })).toBe("macro:mac_1:Refund: received");
  });
});

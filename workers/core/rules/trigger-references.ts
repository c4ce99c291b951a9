import type { FieldError } from "../errors";
import type { Action, Condition, Conditions } from "./rule-schema";

/** What a trigger's conditions and actions can name by id, each checked to exist in the workspace before it is saved. */
export type ReferenceKind = "group" | "user" | "support_address" | "calendar" | "webhook" | "macro";

/** One id a trigger names: what it is, and where (`actions.0.groupId`, `conditions.any.1.value.0`), for the 422 that names the field. */
export interface Reference {
  kind: ReferenceKind;
  id: string;
  field: string;
  /** The machine code when it names nothing (`assignee_not_found` for an assignee, `user_not_found` for another person…). */
  code: string;
}

const ref = (kind: ReferenceKind, id: string, field: string, code: string): Reference => ({ kind, id, field, code });

function conditionReferences(c: Condition, at: string): Reference[] {
  switch (c.field) {
    case "support_address":
      return c.value.map((id, i) => ref("support_address", id, `${at}.value.${i}`, "support_address_not_found"));
    case "group":
    case "assignee":
      return c.value.flatMap((id, i) => (id === null ? [] : [c.field === "group" ? ref("group", id, `${at}.value.${i}`, "group_not_found") : ref("user", id, `${at}.value.${i}`, "assignee_not_found")]));
    case "business_hours":
      return [ref("calendar", c.calendarId, `${at}.calendarId`, "calendar_not_found")];
    case "hours_since":
      return c.calendarId === null ? [] : [ref("calendar", c.calendarId, `${at}.calendarId`, "calendar_not_found")];
    default:
      return [];
  }
}

function actionReferences(a: Action, at: string): Reference[] {
  switch (a.type) {
    case "set_group":
      return a.groupId === null ? [] : [ref("group", a.groupId, `${at}.groupId`, "group_not_found")];
    case "set_assignee":
      return a.assigneeId === null ? [] : [ref("user", a.assigneeId, `${at}.assigneeId`, "assignee_not_found")];
    case "email_agent":
      return [ref("user", a.userId, `${at}.userId`, "user_not_found")];
    case "email_group":
      return [ref("group", a.groupId, `${at}.groupId`, "group_not_found")];
    case "apply_macro":
      return [ref("macro", a.macroId, `${at}.macroId`, "macro_not_found")];
    case "call_webhook":
      return [ref("webhook", a.webhookId, `${at}.webhookId`, "webhook_not_found")];
    case "notify":
      return a.to === "assignee" || a.id === null ? [] : [a.to === "user" ? ref("user", a.id, `${at}.id`, "user_not_found") : ref("group", a.id, `${at}.id`, "group_not_found")];
    case "create_follow_up":
      return a.calendarId === null ? [] : [ref("calendar", a.calendarId, `${at}.calendarId`, "calendar_not_found")];
    default:
      return [];
  }
}

/** Every id the conditions and actions name, with the field that names it, in the order they appear. */
export function triggerReferences(rule: { conditions?: Conditions; actions?: readonly Action[] }): Reference[] {
  const conditions = rule.conditions ?? { all: [], any: [] };
  return [
    ...conditions.all.flatMap((c, i) => conditionReferences(c, `conditions.all.${i}`)),
    ...conditions.any.flatMap((c, i) => conditionReferences(c, `conditions.any.${i}`)),
    ...(rule.actions ?? []).flatMap((a, i) => actionReferences(a, `actions.${i}`)),
  ];
}

/**
 * Shapes the contract's schema lets through but a trigger cannot run: a notice to a person or group
 * that names none, or to the assignee that names someone. A group's lead may leave the group out (the ticket's).
 */
export function notifyProblems(actions: readonly Action[] = []): FieldError[] {
  return actions.flatMap((a, i) => {
    if (a.type !== "notify") return [];
    if (a.to === "assignee" && a.id !== null) return [{ field: `actions.${i}.id`, code: "notify_target_invalid", message: "A notice to the assignee names no one else: leave `id` null" }];
    if ((a.to === "user" || a.to === "group") && a.id === null) return [{ field: `actions.${i}.id`, code: "notify_target_invalid", message: `A notice to a ${a.to} names the ${a.to}: set \`id\`` }];
    return [];
  });
}

/** The references that name nothing: those whose id is not among the ids of its kind found in the workspace. */
export function missingReferences(references: readonly Reference[], found: Readonly<Record<ReferenceKind, ReadonlySet<string>>>): FieldError[] {
  return references
    .filter((r) => !found[r.kind].has(r.id))
    .map((r) => ({ field: r.field, code: r.code, message: `No ${r.kind.replaceAll("_", " ")} with the id ${r.id} in this workspace` }));
}

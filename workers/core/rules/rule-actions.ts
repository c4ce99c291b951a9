import { normalizeTags, type TicketChange, type TicketFields } from "../tickets/ticket-rules";
import type { Action } from "./rule-schema";

/** The actions that set a ticket field; together they become one TicketChange. */
const FIELD_ACTIONS = ["set_priority", "set_type", "set_status", "set_group", "set_assignee", "add_tags", "remove_tags"] as const;
type FieldAction = Extract<Action, { type: (typeof FIELD_ACTIONS)[number] }>;

/** What a rule does beyond setting fields: carried out by the write path (a note, mail, a macro, a webhook, a notice, assignment). */
export type RuleEffect = Exclude<Action, FieldAction>;

const isFieldAction = (a: Action): a is FieldAction => (FIELD_ACTIONS as readonly string[]).includes(a.type);

/**
 * Splits a rule's actions into one change of the ticket's fields and the effects to carry out, in
 * order. A later action on the same field wins; adding a tag after removing it (or the reverse)
 * keeps the last; setting a field to the value it has is left out, so the change lists only what
 * would change.
 */
export function planActions(actions: readonly Action[], ticket: Pick<TicketFields, "status" | "priority" | "type" | "groupId" | "assigneeId">): { change: TicketChange; effects: RuleEffect[] } {
  const change: TicketChange = {};
  const add = new Set<string>();
  const remove = new Set<string>();
  const effects: RuleEffect[] = [];
  for (const action of actions) {
    if (!isFieldAction(action)) {
      effects.push(action);
      continue;
    }
    switch (action.type) {
      case "set_priority":
        change.priority = action.value;
        break;
      case "set_type":
        change.type = action.value;
        break;
      case "set_status":
        change.status = action.value;
        break;
      case "set_group":
        change.groupId = action.groupId;
        break;
      case "set_assignee":
        change.assigneeId = action.assigneeId;
        break;
      case "add_tags":
        for (const tag of normalizeTags(action.tags)) add.add(tag), remove.delete(tag);
        break;
      case "remove_tags":
        for (const tag of normalizeTags(action.tags)) remove.add(tag), add.delete(tag);
        break;
    }
  }
  for (const field of ["status", "priority", "type", "groupId", "assigneeId"] as const) if (field in change && change[field] === ticket[field]) delete change[field];
  if (add.size) change.addTags = [...add];
  if (remove.size) change.removeTags = [...remove];
  return { change, effects };
}

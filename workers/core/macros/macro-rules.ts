import { AppError, type FieldError } from "../errors";
import { planActions } from "../rules/rule-actions";
import type { Action } from "../rules/rule-schema";
import { PLACEHOLDERS, unknownPlaceholders } from "../tickets/templates";
import { planTicketUpdate, resolveChange, type FieldChange, type TicketChange, type TicketFields, type TicketTimestamps } from "../tickets/ticket-rules";

/**
 * A macro's actions set the ticket's fields (docs/rules.md "Macros"): mail, webhooks, notices and
 * notes are for triggers and automations, a macro's own text is its reply or note, and a macro
 * applying another macro could loop. Anything else is refused when the macro is saved.
 */
export const MACRO_ACTION_TYPES = ["set_priority", "set_type", "set_status", "set_group", "set_assignee", "add_tags", "remove_tags"] as const satisfies readonly Action["type"][];
export type MacroAction = Extract<Action, { type: (typeof MACRO_ACTION_TYPES)[number] }>;

/** Codes of a refused macro (`core/macros/`), worded in English and Chinese in `web/src/problem-text.ts`. */
export const MACRO_ERROR_CODES = ["macro_action_not_allowed", "macro_empty", "macro_has_no_actions"] as const;
export type MacroErrorCode = (typeof MACRO_ERROR_CODES)[number];

const isMacroAction = (action: Action): action is MacroAction => (MACRO_ACTION_TYPES as readonly string[]).includes(action.type);

/** The problems of a macro's text and actions, each on its field (`replyText`, `actions.<i>`); none: it may be saved. */
export function macroProblems(macro: { replyText: string; actions: readonly Action[] }): FieldError[] {
  const problems: FieldError[] = [];
  const unknown = unknownPlaceholders(macro.replyText);
  if (unknown.length)
    problems.push({ field: "replyText", code: "unknown_placeholder", message: `Unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; known: ${PLACEHOLDERS.join(", ")}` });
  macro.actions.forEach((action, i) => {
    if (action.type === "set_status" && action.value === "new") problems.push({ field: `actions.${i}`, code: "macro_action_not_allowed", message: "A ticket never goes back to new" });
    if (isMacroAction(action)) return;
    const message = action.type === "apply_macro" ? "A macro cannot apply a macro" : `A macro sets ticket fields only (${MACRO_ACTION_TYPES.join(", ")}); ${action.type} is for triggers and automations`;
    problems.push({ field: `actions.${i}`, code: "macro_action_not_allowed" satisfies MacroErrorCode, message });
  });
  if (!macro.replyText.trim() && macro.actions.length === 0) problems.push({ field: "replyText", code: "macro_empty" satisfies MacroErrorCode, message: "Give the macro a text, an action, or both" });
  return problems;
}

/** 422 with every problem on its field (the first one's code for the whole) unless the macro may be saved. */
export function checkMacro(macro: { replyText: string; actions: readonly Action[] }): void {
  const problems = macroProblems(macro);
  if (problems.length) throw new AppError(422, problems[0]!.code, problems.map((p) => p.message).join("; "), { errors: problems });
}

// Planned against no ticket, nothing is left out as already so: each ticket's write leaves out its own no-ops.
const ANY_TICKET = {} as Parameters<typeof planActions>[1];

/** The change a macro's actions make of any ticket (through the rules engine's `planActions`). */
export function macroChange(actions: readonly Action[]): TicketChange {
  return planActions(actions, ANY_TICKET).change;
}

/**
 * What applying the actions would change on this ticket, field by field (from → to), without
 * writing: the same plan the ticket's write makes. Throws as the write would (a closed ticket,
 * a status it cannot take).
 */
export function macroPreview(ticket: TicketFields & TicketTimestamps, actions: readonly Action[], now: Date): FieldChange[] {
  return planTicketUpdate(ticket, resolveChange(macroChange(actions), ticket), now).changes;
}

/** The history's reason for a macro's changes: `macro:<id>:<title>` (the title as it was then). */
export const macroReason = (macro: { id: string; title: string }) => `macro:${macro.id}:${macro.title}`;

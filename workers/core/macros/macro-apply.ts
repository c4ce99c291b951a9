import type { MacroReplyKind } from "../../../schema";
import type { Actor, TenantScope } from "../tenancy/scope";
import { bulkUpdate, type BulkResult, type BulkTarget } from "../tickets/ticket-bulk";
import { readForTemplate } from "../tickets/template-values";
import { renderTemplate } from "../tickets/templates";
import type { FieldChange } from "../tickets/ticket-rules";
import { updateTickets, type Ticket } from "../tickets/ticket-store";
import { AppError } from "../errors";
import { macroChange, macroPreview, macroReason, type MacroErrorCode } from "./macro-rules";
import { countUse, getMacro, macroFrom, macroQuery, type Macro } from "./macro-store";

/** A macro's text for the composer: what it becomes (a public reply or a note) and its placeholders filled for the ticket. */
export interface MacroText {
  replyKind: MacroReplyKind;
  text: string;
}

/** The macro and the ticket with its template's values, in one batch (and the promised deadline beside it). */
async function readMacroForTicket(scope: TenantScope, userId: string, ticketId: string, macroId: string) {
  const { read, ticket, values } = await readForTemplate(scope, ticketId, userId, { macro: macroQuery(scope, userId, macroId) });
  const macro = macroFrom(read.macro);
  return { macro, ticket, text: { replyKind: macro.replyKind, text: renderTemplate(macro.replyText, values) } satisfies MacroText };
}

/** What applying the macro to the ticket would do, writing nothing: its text rendered for the ticket and each field's change (from → to). */
export async function previewMacro(scope: TenantScope, userId: string, ticketId: string, macroId: string, now = new Date()): Promise<MacroText & { changes: FieldChange[] }> {
  const { macro, ticket, text } = await readMacroForTicket(scope, userId, ticketId, macroId);
  return { ...text, changes: macroPreview(ticket, macro.actions, now) };
}

/**
 * Applies the macro's field actions to the ticket as the agent — the ticket's own write (history
 * with the reason `macro:<id>:<title>`, SLA clocks, notices, live updates), the macro's use
 * counted in the same batch — and returns its text for the composer. The text is not sent: the
 * agent edits and sends it (as Zendesk's macros do).
 */
export async function applyMacro(scope: TenantScope, userId: string, ticketId: string, macroId: string, now = new Date()): Promise<MacroText & { ticket: Ticket; changes: FieldChange[] }> {
  const { macro, text } = await readMacroForTicket(scope, userId, ticketId, macroId);
  const [outcome] = await updateTickets(macroActor(userId, macro), [{ scope, id: ticketId, patch: macroChange(macro.actions), alongside: [countUse(scope, macro.id, now)] }], now);
  if (outcome!.status === "rejected") throw outcome!.reason;
  return { ...text, ...outcome!.value };
}

/**
 * Applies a macro's field actions to many tickets (the bulk change: each ticket as one apply
 * would change it, and answering on its own); each ticket it is applied to counts as a use, in
 * that ticket's batch. Its text is not used: a bulk apply sends nothing.
 */
export async function bulkApplyMacro(scope: TenantScope, userId: string, target: BulkTarget, macroId: string, now = new Date()): Promise<BulkResult[]> {
  const macro = await getMacro(scope, userId, macroId);
  if (macro.actions.length === 0) throw new AppError(422, "macro_has_no_actions" satisfies MacroErrorCode, "This macro changes no ticket fields; insert its text from the composer instead", { errors: [{ field: "macroId", code: "macro_has_no_actions", message: "The macro has no actions" }] });
  return bulkUpdate(scope, macroActor(userId, macro), target, macroChange(macro.actions), now, () => [countUse(scope, macro.id, now)]);
}

const macroActor = (userId: string, macro: Pick<Macro, "id" | "title">): Actor => ({ type: "agent", id: userId, reason: macroReason(macro) });

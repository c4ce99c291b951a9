/**
 * The columns the ticket table can show, in its default order (web/src/pages/agent/ticket-table.tsx).
 * A saved view may choose some of them in its own order; the subject (the link) is always one.
 */
export const TICKET_COLUMNS = ["number", "subject", "requester", "status", "priority", "assignee", "updated", "sla"] as const;
export type TicketColumn = (typeof TICKET_COLUMNS)[number];

/** A chosen list of columns is usable: known ones, each once, the subject among them. */
export function validColumns(columns: readonly string[]): columns is TicketColumn[] {
  return columns.includes("subject") && new Set(columns).size === columns.length && columns.every((c) => (TICKET_COLUMNS as readonly string[]).includes(c));
}

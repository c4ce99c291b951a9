import { and, desc, eq, inArray, isNull, min, sql } from "drizzle-orm";
import { businessCalendars, customerEmails, customers, messages, ticketTags, tickets } from "../../../schema";
import { readAll } from "../db";
import type { TenantScope } from "../tenancy/scope";
import { evaluateConditions } from "./rule-conditions";
import type { RuleFacts } from "./rule-facts";
import type { Conditions } from "./rule-schema";
import { calendarsFrom } from "./trigger-reads";

/** How many of the workspace's most recent tickets "test this trigger" looks at. */
export const PREVIEW_TICKETS = 50;

type TicketRow = typeof tickets.$inferSelect;

/** One ticket of the preview: whether the conditions hold for it now, and why (one line per condition). */
export interface PreviewMatch {
  ticket: Pick<TicketRow, "id" | "number" | "subject" | "status" | "priority" | "createdAt">;
  matched: boolean;
  reasons: string[];
}

/** What the preview reads of each ticket, in one batch (`previewReads`). */
export interface PreviewRows {
  tickets: TicketRow[];
  tags: { ticketId: string; tag: string }[];
  requesters: Pick<typeof customers.$inferSelect, "id" | "tier" | "organization" | "language">[];
  emails: { customerId: string; email: string }[];
  firstTexts: { ticketId: string; text: string }[];
  counts: { ticketId: string; replies: number; lastCustomer: number | null; lastAgent: number | null }[];
  calendars: (typeof businessCalendars.$inferSelect)[];
}

/**
 * The reads of the preview, all in one round trip: the most recent tickets (merged ones left
 * out) and, through the same subquery of their ids, their tags, requesters, first messages and
 * reply counts, plus the workspace's calendars. Every read is a range of an index by tenant.
 */
export function previewReads(scope: TenantScope, limit = PREVIEW_TICKETS) {
  const { db, tenantId } = scope;
  const recent = db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), isNull(tickets.mergedIntoId)))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit);
  const requesterIds = db.select({ id: tickets.requesterId }).from(tickets).where(and(eq(tickets.tenantId, tenantId), inArray(tickets.id, recent)));
  const ofRecent = and(eq(messages.tenantId, tenantId), inArray(messages.ticketId, recent));
  return {
    tickets: db.select().from(tickets).where(and(eq(tickets.tenantId, tenantId), inArray(tickets.id, recent))).orderBy(desc(tickets.createdAt), desc(tickets.id)),
    tags: db.select({ ticketId: ticketTags.ticketId, tag: ticketTags.tag }).from(ticketTags).where(and(eq(ticketTags.tenantId, tenantId), inArray(ticketTags.ticketId, recent))),
    requesters: db
      .select({ id: customers.id, tier: customers.tier, organization: customers.organization, language: customers.language })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, requesterIds))),
    emails: db.select({ customerId: customerEmails.customerId, email: customerEmails.email }).from(customerEmails).where(and(eq(customerEmails.tenantId, tenantId), inArray(customerEmails.customerId, requesterIds))),
    // SQLite takes a bare column from the row of the group's single min(): the first message's text.
    firstTexts: db.select({ ticketId: messages.ticketId, text: messages.bodyText, first: min(messages.createdAt) }).from(messages).where(ofRecent).groupBy(messages.ticketId),
    counts: db
      .select({
        ticketId: messages.ticketId,
        replies: sql<number>`sum(${messages.kind} = 'reply')`,
        lastCustomer: sql<number | null>`max(case when ${messages.kind} = 'customer' then ${messages.createdAt} end)`,
        lastAgent: sql<number | null>`max(case when ${messages.kind} = 'reply' then ${messages.createdAt} end)`,
      })
      .from(messages)
      .where(ofRecent)
      .groupBy(messages.ticketId),
    calendars: db.select().from(businessCalendars).where(eq(businessCalendars.tenantId, tenantId)),
  };
}

/** Rows by a key (es2023 has no Map.groupBy). */
function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(key(row), [...(out.get(key(row)) ?? []), row]);
  return out;
}

const at = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));

/**
 * Each ticket's facts as a rule sees them with no event (a preview matches on state alone): its
 * fields and tags, its requester, its first message's text, the agents' public replies so far.
 */
export function previewFacts(rows: PreviewRows, now: Date): { row: TicketRow; facts: RuleFacts }[] {
  const tagsOf = byKey(rows.tags, (t) => t.ticketId);
  const requesterOf = new Map(rows.requesters.map((r) => [r.id, r]));
  const emailsOf = byKey(rows.emails, (e) => e.customerId);
  const textOf = new Map(rows.firstTexts.map((m) => [m.ticketId, m.text]));
  const countsOf = new Map(rows.counts.map((c) => [c.ticketId, c]));
  const calendars = calendarsFrom(rows.calendars);
  return rows.tickets.map((ticket) => {
    const requester = requesterOf.get(ticket.requesterId);
    const counts = countsOf.get(ticket.id);
    const facts: RuleFacts = {
      event: null,
      now,
      ticket: { ...ticket, tags: (tagsOf.get(ticket.id) ?? []).map((t) => t.tag).sort() },
      requester: {
        tier: requester?.tier ?? "standard",
        organization: requester?.organization ?? null,
        language: requester?.language ?? null,
        emails: (emailsOf.get(ticket.requesterId) ?? []).map((e) => e.email),
      },
      text: textOf.get(ticket.id) ?? "",
      replyCount: Number(counts?.replies ?? 0),
      changes: [],
      since: {
        created: ticket.createdAt,
        updated: ticket.updatedAt,
        solved: ticket.solvedAt,
        last_customer_message: at(counts?.lastCustomer),
        last_agent_message: at(counts?.lastAgent),
      },
      calendars,
    };
    return { row: ticket, facts };
  });
}

/** The conditions against each ticket's facts, in the order given. */
export function previewMatches(conditions: Conditions, tickets: readonly { row: TicketRow; facts: RuleFacts }[]): PreviewMatch[] {
  return tickets.map(({ row, facts }) => {
    const { matched, reasons } = evaluateConditions(conditions, facts);
    const { id, number, subject, status, priority, createdAt } = row;
    return { ticket: { id, number, subject, status, priority, createdAt }, matched, reasons };
  });
}

/** "Test this trigger": which of the workspace's most recent tickets its conditions match now, and why. One round trip. */
export async function previewTrigger(scope: TenantScope, conditions: Conditions, now = new Date(), limit = PREVIEW_TICKETS): Promise<PreviewMatch[]> {
  const rows = await readAll(scope.db, previewReads(scope, limit));
  return previewMatches(conditions, previewFacts(rows, now));
}

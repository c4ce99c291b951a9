import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { and, asc, desc, eq, exists, getTableColumns, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import {
  customers,
  groupMembers,
  groups,
  messages,
  slaClocks,
  tenants,
  tickets,
  ticketTags,
  users,
  type MessageKind,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from "../../../schema";
import { isUniqueViolation, readAll, runBatch, type Statement } from "../db";
import { builtOnce, fixedRead } from "../built-once";
import { ABORT_MARKER, abortedByGuard, unchangedSince as rowUnchangedSince } from "../row-version";
import { AppError, invalidField, notFound } from "../errors";
import { newId } from "../ids";
import { decodeCursor, toPage } from "../pagination";
import type { Actor, TenantScope } from "../tenancy/scope";
import { newTicketSlaContext, owedSlaRecompute, recordBlocked, slaContextFrom, slaForWrite, slaSettingsReads, ticketAndSlaWriteReads, type ticketAndSlaReads, type SlaContext } from "../sla/ticket-sla";
import { writeGrouped, type PlanCheck } from "../work/grouped-write";
import { slaStatePage, type SlaFilter } from "./sla-state-lists";
import { searchTerms } from "./search-query";
import { searchPage, ticketHasTerm, type IndexTerm } from "./ticket-search";
import { customerByEmailQuery, newCustomerFor, newCustomerStatements } from "../customers/customer-store";
import { fieldChangeEvent, insertEvents, type NewEvent } from "./ticket-events";
import { handOverCommitted } from "../mail/mail-hand-over";
import { messageAdded, publishLive, ticketCreated, ticketUpdated, type LiveEvent } from "../live/live-events";
import { assignedLive, rulesLive } from "../live/rule-live";
import { assignOnReplyReads, assignOnReplyRule } from "./assign-on-reply";
import { autoAssignOnCreate, autoAssignOnUpdate, autoAssignReadsForCreate, autoAssignReadsForUpdate } from "../assignment/ticket-assignment";
import { assignmentNotice, changeNotice, noticeStatements, notifyReads, notifyReadsFor, patchMayNotify } from "../notifications/notification-store";
import { fieldValue, normalizeTags, planTicketUpdate, resolveChange, withAssignOnReply, type FieldChange, type TicketChange, type TicketFields, type TicketPatch } from "./ticket-rules";
import { hookStatements, planEventHooks, type EventHookPlan, type HookRead } from "../rules/ticket-event-hooks";
import { triggerReads, triggerTicketReads, triggerWorkspaceReads } from "../rules/trigger-reads";
import { createdEvent, eventOfChanges, newRuleTicket, storedEvent, triggerReadsForNew, withTriggered } from "./ticket-triggers";

export type TicketRow = typeof tickets.$inferSelect;
export type Ticket = TicketRow & { tags: string[] };
export type MessageRow = typeof messages.$inferSelect;

// The ticket's tags, sorted, as one JSON column of the same query. Written out with table names:
// Drizzle leaves columns unqualified in a one-table select, which would turn the correlation
// into `tenant_id = tenant_id` and scan every workspace's tags (found by the cron benchmark).
const tagsColumn = sql<string>`(select json_group_array(tag) from (select tt.tag as tag from ticket_tags tt where tt.tenant_id = "tickets"."tenant_id" and tt.ticket_id = "tickets"."id" order by 1))`;
const ticketColumns = { ...getTableColumns(tickets), tagsJson: tagsColumn.as("tags_json") };
const withTags = ({ tagsJson, ...row }: TicketRow & { tagsJson: string }): Ticket => ({ ...row, tags: JSON.parse(tagsJson) as string[] });

/** One ticket with its tags; sent as a batch, so that the caller's session is checked inside it (session-check.ts). */
export async function getTicket(scope: TenantScope, id: string): Promise<Ticket> {
  return ticketFrom((await readAll(scope.db, { ticket: ticketQuery(scope, id) })).ticket);
}

/** The read of one ticket with its tags, for a caller's batch (`readAll`); `ticketFrom` its result. */
export const ticketQuery = (scope: TenantScope, id: string) => ticketRead(scope.db, { tenantId: scope.tenantId, id });
const ticketRead = fixedRead(["tenantId", "id"], (db, v) => db.select(ticketColumns).from(tickets).where(and(eq(tickets.tenantId, v.tenantId), eq(tickets.id, v.id))));

export function ticketFrom(rows: Awaited<ReturnType<typeof ticketQuery>>): Ticket {
  const [row] = rows;
  if (!row) throw notFound("Ticket");
  return withTags(row);
}

/** Each sort: its column, the value a cursor carries, and that value back as a column value. */
const SORTS = {
  updated_at: { column: tickets.updatedAt, cursorValue: (t: Ticket) => t.updatedAt.getTime(), fromCursor: (v: number) => new Date(v) },
  created_at: { column: tickets.createdAt, cursorValue: (t: Ticket) => t.createdAt.getTime(), fromCursor: (v: number) => new Date(v) },
  number: { column: tickets.number, cursorValue: (t: Ticket) => t.number, fromCursor: (v: number) => v },
} as const;
export const TICKET_SORTS = ["updated_at", "created_at", "number"] as const satisfies readonly (keyof typeof SORTS)[];
export type TicketSort = (typeof TICKET_SORTS)[number];

export { DUE_SOON_MINUTES, SLA_FILTERS, type SlaFilter } from "./sla-state-lists";

/**
 * A clock's state in a per-ticket lookup. The unary `+` keeps SQLite on the primary key
 * (tenant_id, ticket_id, …) instead of the cron's cross-tenant (state, …) indexes.
 */
const clockStateIs = (state: "running" | "breached") => sql`+${slaClocks.state} = ${state}`;

/** A clock is in breach: marked breached and never met, or still running past its due time (the cron has not marked it yet). */
const inBreach = (now: Date) => or(and(clockStateIs("breached"), isNull(slaClocks.fulfilledAt)), and(clockStateIs("running"), lte(slaClocks.dueAt, now)));

/**
 * The ticket's clocks (correlated; tenant first, so the primary key's prefix finds them). The
 * outer ticket is named with its table: Drizzle leaves columns unqualified in a one-table select.
 */
const ticketClocks = (scope: TenantScope, condition: SQL | undefined) =>
  and(eq(slaClocks.tenantId, scope.tenantId), eq(slaClocks.ticketId, sql`"tickets"."id"`), condition);

/** For lists: the nearest deadline of a running clock, or the earliest one missed (epoch ms; null: none). */
const nearestDueColumn = (scope: TenantScope, now: Date) =>
  sql<number | null>`(select min(${slaClocks.dueAt}) from ${slaClocks} where ${ticketClocks(scope, or(clockStateIs("running"), inBreach(now)))})`;

export interface TicketQuery {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  type?: TicketType[];
  /** A user id, or `none` for unassigned tickets. */
  assigneeId?: string;
  /** A group id, or `none` for tickets in no group. */
  groupId?: string;
  tag?: string;
  requesterId?: string;
  /** The follow-up tasks (回访) of this ticket (the partial index tickets_tenant_task_of). */
  taskOfId?: string;
  updatedSince?: Date;
  q?: string;
  sla?: SlaFilter;
  /** The Automatic view (true); every other list leaves automatic tickets out. */
  automatic?: boolean;
  sort: TicketSort;
  order: "asc" | "desc";
  limit: number;
  cursor?: string;
}

/** D1 binds at most this many values to one statement. */
const D1_MAX_BOUND_VALUES = 100;

export async function listTickets(scope: TenantScope, query: TicketQuery, now = new Date()) {
  const sortKey = `${query.sort}:${query.order}`;
  const sort = SORTS[query.sort];
  const columns = { ...ticketColumns, slaDueMs: nearestDueColumn(scope, now).as("sla_due_ms") };
  const rows = (await pageRows(scope, ticketPage(scope, query, now, columns), query.q)) as (TicketRow & { tagsJson: string; slaDueMs: number | null })[];
  const items = rows.map(({ slaDueMs, ...row }) => ({ ...withTags(row), slaDueAt: slaDueMs === null ? null : new Date(slaDueMs) }));
  return toPage(items, query.limit, sortKey, sort.cursorValue);
}

/**
 * A list page's rows, sent as a batch (the caller's session is checked inside it,
 * session-check.ts). A search is built once and checked against D1's limit of bound values first
 * (only search words can reach it).
 */
async function pageRows(scope: TenantScope, page: ReturnType<typeof ticketPage>, q: string | undefined) {
  return (await readAll(scope.db, { page: q ? builtOnce(page, checkBoundValues) : page })).page;
}

/** The tickets' own columns a page of ids needs (ticket counts, docs/tickets.md). */
export const ticketIdColumns = { id: tickets.id };

/**
 * A list page's statement (`limit` + 1 rows: one more tells that there are more) with the
 * columns asked for; not built, so that its caller builds it once.
 */
export function ticketPage(scope: TenantScope, query: TicketQuery, now: Date, columns: SelectedFields) {
  const sortKey = `${query.sort}:${query.order}`;
  const sort = SORTS[query.sort];
  const terms = searchTerms(query.q ?? "");
  const indexTerms = terms.filter((term): term is IndexTerm => term.kind !== "like");
  const tag = query.tag === undefined ? undefined : (normalizeTags([query.tag])[0] ?? "");
  // What drives the query, so that it reads no more than its page or its set, not the workspace:
  // - an SLA state: the backlog's tickets with such a clock (by primary key), sorted, and done
  //   tickets' missed deadlines walked in the list's order (`slaStatePage`);
  // - a search through an index: its matches sorted, or a walk in the list's order (`searchPage`);
  // - a tag in updated_at order: the tag's rows of ticket_tags, which carry the ticket's
  //   updated_at, walked in the list's order until the page is full;
  // - otherwise the tickets in the list's order (an index per filter, see schema/tables/helpdesk.ts).
  // `+tenant_id` keeps SQLite from walking the whole workspace in sort order instead.
  const bySet = query.sla !== undefined;
  const bySearch = !bySet && indexTerms.length > 0;
  const byTag = !bySet && !bySearch && tag !== undefined && query.sort === "updated_at";
  const inWorkspace = bySet || byTag ? sql`+${tickets.tenantId} = ${scope.tenantId}` : eq(tickets.tenantId, scope.tenantId);
  const conditions: (SQL | undefined)[] = [];
  if (query.status?.length) conditions.push(inArray(tickets.status, query.status));
  if (query.priority?.length) conditions.push(inArray(tickets.priority, query.priority));
  if (query.type?.length) conditions.push(inArray(tickets.type, query.type));
  if (query.assigneeId) conditions.push(query.assigneeId === "none" ? isNull(tickets.assigneeId) : eq(tickets.assigneeId, query.assigneeId));
  if (query.groupId) conditions.push(query.groupId === "none" ? isNull(tickets.groupId) : eq(tickets.groupId, query.groupId));
  if (query.requesterId) conditions.push(eq(tickets.requesterId, query.requesterId));
  if (query.taskOfId) conditions.push(eq(tickets.taskOfId, query.taskOfId));
  if (query.updatedSince) conditions.push(gte(tickets.updatedAt, query.updatedSince));
  // A literal, not a bound value, so that SQLite may take the Automatic view's partial index.
  conditions.push(query.automatic ? sql`${tickets.automatic} = 1` : sql`${tickets.automatic} = 0`);
  if (byTag) conditions.push(eq(ticketTags.tenantId, scope.tenantId), eq(ticketTags.tag, tag!));
  else if (tag !== undefined)
    conditions.push(inArray(tickets.id, scope.db.select({ id: ticketTags.ticketId }).from(ticketTags).where(and(eq(ticketTags.tenantId, scope.tenantId), eq(ticketTags.tag, tag)))));
  // A search's terms are checked by searchPage (the first one an index answers drives it).
  if (!bySearch) conditions.push(...terms.map((term) => ticketHasTerm(scope.tenantId, term)));
  // The order and the cursor on the driving rows' columns: by tag, ticket_tags' copies (equal to the ticket's).
  const [column, id] = byTag ? [ticketTags.updatedAt, ticketTags.ticketId] : [sort.column, tickets.id];
  const cursor = query.cursor ? decodeCursor(query.cursor, sortKey) : undefined;
  if (cursor) {
    const after = query.order === "desc" ? lt : gt;
    const value = sort.fromCursor(cursor.value);
    conditions.push(or(after(column, value), and(eq(column, value), after(id, cursor.id))));
  }
  const direction = query.order === "desc" ? desc : asc;
  const order = [direction(column), direction(id)];
  // Driven by a set or a search, the page's rows are chosen first and the tags and SLA columns
  // computed for them alone, not for every member.
  const filters = and(...conditions) ?? sql`1`;
  const page = byTag
    ? scope.db
        .select(columns)
        .from(ticketTags)
        .innerJoin(tickets, and(eq(tickets.tenantId, ticketTags.tenantId), eq(tickets.id, ticketTags.ticketId)))
        .where(and(inWorkspace, filters))
    : scope.db
        .select(columns)
        .from(tickets)
        .where(
          bySearch
            ? sql`"tickets".rowid in (${searchPage(scope.tenantId, [indexTerms[0]!, ...terms.filter((term) => term !== indexTerms[0])], { filters, sortColumn: sql`${column}`, direction: query.order, limit: query.limit + 1 })})`
            : bySet
              ? sql`"tickets".rowid in (${slaStatePage(scope.tenantId, query.sla!, now, { statuses: query.status ?? [], filters: and(inWorkspace, filters)!, sort: query.sort, sortColumn: sql`${column}`, direction: query.order, after: cursor, limit: query.limit + 1 })})`
              : and(inWorkspace, filters),
        );
  return page.orderBy(...order).limit(query.limit + 1);
}

/** Whether D1 can run a built statement: it binds at most D1_MAX_BOUND_VALUES values. */
export const fitsD1 = (built: { params: unknown[] }) => built.params.length <= D1_MAX_BOUND_VALUES;

/**
 * A built statement, checked against D1's limit of bound values: only a search of several words
 * can reach it (one word and every filter stay far below), and it is a 422, not D1's error.
 */
export function checkBoundValues(built: { params: unknown[] }) {
  if (!fitsD1(built))
    throw new AppError(422, "search_too_long", "Too many search words with these filters for one search; use fewer words or filters", {
      errors: [{ field: "query.q", code: "search_too_long", message: "Use fewer words or filters" }],
    });
}

export interface NewTicket {
  subject: string;
  description: string;
  requesterId: string;
  status: TicketStatus;
  priority: TicketPriority;
  type: TicketType;
  channel: TicketChannel;
  assigneeId: string | null;
  groupId: string | null;
  tags: string[];
  supportAddressId?: string | null;
  followUpOfId?: string | null;
  /** A follow-up task (回访): the ticket it follows up, and when it is due. */
  taskOfId?: string | null;
  dueAt?: Date | null;
}

/** A new ticket's first message: the customer's words (default), or the agent's public reply (the description as an email to the requester). */
export type FirstMessage = Pick<NewMessage, "id" | "emailMessageId"> & { kind: "customer" | "reply" };

/** Who a new ticket is for: an existing customer, or an address (a new customer if nobody has it). */
export type RequesterRef = { id: string } | { email: string; name?: string };

/**
 * Creates a ticket with its first customer message (the description), in two round trips: one
 * batch reads the requester (by id or address), the group and assignee it names and what its SLA
 * depends on; one batch writes the customer (if new), the ticket (its number from the tenant's
 * counter, bumped in the same batch, so concurrent creates never share a number), its message,
 * history, tags and SLA clocks. Nothing is read back.
 */
export async function createTicket(scope: TenantScope, actor: Actor, input: Omit<NewTicket, "requesterId"> & { requester: RequesterRef; first?: FirstMessage }, now = new Date()): Promise<Ticket> {
  const { requester, first, ...fields } = input;
  for (let attempt = 1; ; attempt++) {
    const ticketId = newId("tkt", now.getTime());
    const read = await readAll(scope.db, {
      requester: "id" in requester ? customerByIdQuery(scope, requester.id) : customerByEmailQuery(scope, requester.email),
      ...referenceReads(scope, fields),
      ...slaSettingsReads(scope),
      ...notifyReads(scope),
      ...triggerReadsForNew(scope, requester),
      ...autoAssignReadsForCreate(scope, fields, ticketId),
    });
    const found = read.requester[0];
    if (!found && "id" in requester) throw invalidField("requesterId", "requester_not_found", "No customer with this id");
    verifyReferences(read, fields);
    const newCustomer = found ? null : newCustomerFor((requester as { email: string }).email, (requester as { name?: string }).name);
    const requesterId = found?.id ?? newId("cus", now.getTime());
    const ticket = { ...fields, requesterId };
    const planned = planNewTicket(scope, actor, ticketId, ticket, { kind: "customer", ...first, bodyText: input.description }, now);
    const context = newTicketSlaContext(read, found?.tier ?? newCustomer!.tier);
    const hooks = planEventHooks(scope, read, createdEvent(ticketId, newRuleTicket({ ...ticket, tags: planned.fields.tags }, now), input.description, requester, first), now);
    const sla = slaForWrite(scope, { ...ticket, ...hooks?.patch, id: ticketId, tags: hooks?.ticket.tags ?? planned.fields.tags }, context, [...planned.events, ...(hooks?.events ?? [])], now, { newTicket: true });
    const notice = noticeStatements(scope, read, [assignmentNotice(read, fields)], ticketId, actor, now);
    const assigned = autoAssignOnCreate(scope, read, { ...planned.fields, id: ticketId, createdAt: now }, found ?? newCustomer!, now);
    try {
      const batch = [...(newCustomer ? newCustomerStatements(scope, requesterId, newCustomer, now) : []), ...planned.statements, ...triggeredStatements(scope, ticketId, hooks, now), ...sla.statements, ...notice.statements, ...assigned.statements];
      const results = await runBatch(scope.db, batch);
      handOverCommitted(scope, batch, now);
      publishLive(scope, [ticketCreated({ ...ticket, id: ticketId }, actor, now), ...notice.live, ...rulesLive(hooks, results, ticketId, now)]);
      await recordBlocked(scope, ticketId, sla.blockedBy, now);
      return assigned.ticket(withTriggered(planned.ticket(results), hooks), results);
    } catch (error) {
      // Someone created a customer with this address at the same moment: use theirs.
      if (newCustomer && attempt === 1 && isUniqueViolation(error, "customer_emails")) continue;
      throw error;
    }
  }
}

/**
 * The statements that create a ticket and its first message with its SLA clocks (computed from
 * `context`, read by the caller), for the caller's atomic batch. The caller vouches for the
 * references (the mail pipeline: its own customer and address's group; the database's composite
 * keys refuse any other). `blockedBy`, when set, is recorded after the batch with `recordBlocked`.
 */
/** `rules`: the write's read of `triggerReads` (the new ticket's triggers run; automatic mail runs none: it is not work). */
export function createTicketStatements(scope: TenantScope, actor: Actor, input: NewTicket, first: NewMessage, now: Date, context: SlaContext, automatic = false, rules?: HookRead) {
  const ticketId = newId("tkt", now.getTime());
  const planned = planNewTicket(scope, actor, ticketId, { ...input, automatic }, first, now);
  const requester = first.fromAddress ? { email: first.fromAddress, name: first.fromName ?? undefined } : { id: input.requesterId };
  const hooks = rules && !automatic ? planEventHooks(scope, rules, createdEvent(ticketId, newRuleTicket({ ...input, tags: planned.fields.tags }, now), first.bodyText, requester, first), now) : null;
  const sla = slaForWrite(scope, { ...input, ...hooks?.patch, id: ticketId, tags: hooks?.ticket.tags ?? planned.fields.tags }, context, [...planned.events, ...(hooks?.events ?? [])], now, { automatic, newTicket: true });
  return { ticketId, messageId: planned.messageId, statements: [...planned.statements, ...triggeredStatements(scope, ticketId, hooks, now), ...sla.statements], blockedBy: sla.blockedBy, sla: sla.sla, live: ticketCreated({ ...input, id: ticketId }, actor, now), rulesLive: hooks?.live ?? [] };
}

/**
 * A new ticket's rows: the counter bump, the ticket (`returning` its number), its first
 * message, its history and tags; `ticket(results)` builds the ticket from the batch's results
 * (found by id, not by position) without reading it back.
 */
function planNewTicket(scope: TenantScope, actor: Actor, ticketId: string, input: NewTicket & { automatic?: boolean }, first: NewMessage, now: Date) {
  const { db, tenantId } = scope;
  const messageId = first.id ?? newId("msg", now.getTime());
  const author: Actor = first.kind === "customer" ? { type: "customer", id: input.requesterId } : actor;
  const fields: TicketFields = { ...input, tags: normalizeTags(input.tags), automatic: input.automatic ?? false };
  // Each field's first value; `automatic` only when it is (the clocks wait for it to end).
  const initial: FieldChange[] = (["status", "priority", "type", "requesterId", "assigneeId", "groupId", "tags", "automatic"] as const)
    .map((field) => ({ field, from: null, to: fieldValue(fields, field) }))
    .filter((c) => c.to !== null && c.to !== "[]" && c.to !== "false");
  const events: NewEvent[] = [
    { tenantId, ticketId, type: "ticket_created", actorType: actor.type, actorId: actor.id, field: "subject", newValue: input.subject, createdAt: now },
    ...initial.map((c) => fieldChangeEvent(scope, ticketId, actor, c, now)),
    { tenantId, ticketId, type: first.kind === "customer" ? "customer_message" : first.kind === "note" ? "internal_note" : "public_reply", actorType: author.type, actorId: author.id, messageId, createdAt: now },
  ];
  const row = {
    id: ticketId,
    tenantId,
    subject: input.subject,
    status: input.status,
    priority: input.priority,
    type: input.type,
    channel: input.channel,
    requesterId: input.requesterId,
    assigneeId: input.assigneeId,
    groupId: input.groupId,
    supportAddressId: input.supportAddressId ?? null,
    followUpOfId: input.followUpOfId ?? null,
    taskOfId: input.taskOfId ?? null,
    dueAt: input.dueAt ?? null,
    automatic: fields.automatic,
    statusChangedAt: now,
    ...messageTimes(first.kind, author, now),
    createdAt: now,
    updatedAt: now,
    solvedAt: input.status === "solved" ? now : null,
  };
  const statements: Statement[] = [
    db.update(tenants).set({ lastTicketNumber: sql`${tenants.lastTicketNumber} + 1` }).where(eq(tenants.id, tenantId)),
    db
      .insert(tickets)
      .values({ ...row, number: sql`(select ${tenants.lastTicketNumber} from ${tenants} where ${tenants.id} = ${tenantId})` })
      .returning(),
    // A message split out of another ticket (`id` and `moved` set) moves to the new one instead.
    first.moved ? db.update(messages).set({ ticketId }).where(and(eq(messages.tenantId, tenantId), eq(messages.id, messageId))) : insertMessage(scope, ticketId, messageId, author, first, now),
    ...insertEvents(scope, events),
    ...insertTags(scope, ticketId, fields.tags, now),
  ];
  const ticket = (results: unknown[]): Ticket => {
    const inserted = results.find((r): r is TicketRow[] => Array.isArray(r) && (r[0] as TicketRow | undefined)?.id === ticketId)!;
    return { ...inserted[0]!, tags: fields.tags };
  };
  return { messageId, fields, events, statements, ticket };
}

/** How often an update is re-planned on the ticket's new state when another write got there first. */
const UPDATE_ATTEMPTS = 3;

/**
 * Changes a ticket. Only the fields that change are written, and the write is a compare-and-set
 * on the `updated_at` the change was planned from (a guard statement aborts the whole batch if
 * the ticket moved meanwhile). Without `expectedUpdatedAt` a lost race is re-planned on the new
 * state — a field-level merge: two agents changing different fields both keep their change; the
 * same field, the later write wins and both are in the history. With it (the client's
 * If-Match), a ticket that changed since the client read it is refused: 409 `ticket_changed`.
 */
/** `alongside`: statements written in the change's batch (a macro's usage count), even when the change changes nothing. */
export async function updateTicket(scope: TenantScope, actor: Actor, id: string, patch: TicketChange, now = new Date(), expectedUpdatedAt?: Date, alongside: readonly Statement[] = [], alongsideLive: readonly LiveEvent[] = []) {
  const { db } = scope;
  for (let attempt = 1; ; attempt++) {
    // One round trip: the ticket and what its SLA depends on.
    const read = await readAll(db, { ...ticketAndSlaWriteReads(scope, id), ...assignOnReplyReads(scope, id, actor, patch.status === "solved" && patch.assigneeId === undefined), ...notifyReads(scope), ...triggerReads(scope, { ticketId: id }), ...autoAssignReadsForUpdate(scope, id, patch) });
    const current = ticketFrom(read.ticket);
    if (expectedUpdatedAt && current.updatedAt.getTime() !== expectedUpdatedAt.getTime()) throw ticketChanged();
    const assigned = withAssignOnReply(patch, current, actor, assignOnReplyRule(read, false));
    const plan = planUpdate(scope, actor, current, assigned, slaContextFrom(read), now, assigned !== patch, read);
    if (plan.changes.length === 0) {
      if (alongside.length) publishLive(scope, [...alongsideLive, ...assignedLive(await runBatch(db, [...alongside]), id, now)]);
      return { ticket: plan.after, changes: plan.changes };
    }
    if (plan.check) plan.check.verify(await readAll(db, plan.check.reads));
    const notice = noticeStatements(scope, read, [changeNotice(read, plan.after, plan.changes)], id, actor, now);
    const autoAssigned = autoAssignOnUpdate(scope, read, plan.after, plan.changes, now);
    let results: unknown[];
    const batch = [...plan.statements, ...notice.statements, ...alongside, ...autoAssigned.statements];
    try {
      // One more: the change, its history, the ticket's clocks and the notices, atomically.
      results = await runBatch(db, batch);
    } catch (error) {
      if (!abortedByGuard(error)) throw error;
      if (expectedUpdatedAt || attempt === UPDATE_ATTEMPTS) throw ticketChanged();
      continue;
    }
    handOverCommitted(scope, batch, now);
    publishLive(scope, [ticketUpdated(id, plan.changes, actor, now), ...notice.live, ...alongsideLive, ...rulesLive(plan, results, id, now)]);
    await recordBlocked(scope, id, plan.blockedBy, now);
    return { ticket: autoAssigned.ticket(plan.after, results), changes: plan.changes };
  }
}

/** One ticket's change in a group (`updateTickets`), with its own workspace's scope. */
export interface TicketUpdate {
  scope: TenantScope;
  id: string;
  patch: TicketChange;
  /** Refuse the change (409 `ticket_changed`) unless the ticket is still at this version (an undo). */
  expectedUpdatedAt?: Date;
  /** Statements written in the change's batch, even when it changes nothing (a macro's usage count). */
  alongside?: readonly Statement[];
  /** Live events of `alongside`, published once it has committed (an automation's notices). */
  alongsideLive?: readonly LiveEvent[];
}

/** Ticket changes written together: a group's read and write batches stay small. */
const UPDATES_PER_BATCH = 25;

/**
 * `updateTicket` for several tickets, of any workspaces (the cron's escalations and auto-closes,
 * an agent's bulk change: an agent's solve takes an unassigned ticket as `updateTicket`'s does),
 * a group at a time in two round trips however many (three when a change names a group, assignee
 * or requester to check): one batch reads every ticket and its SLA context (and, for a change
 * naming an assignee or a group, the agents it may notify: `notifyReadsFor`), one writes every change with
 * its guard, history, clocks and notices — the notices `updateTicket` would give (`changeNotice`).
 * A group whose batch fails (a ticket changed meanwhile, a database error for one workspace) is
 * done again one `updateTicket` at a time (see `writeGrouped`). Returns each change's outcome, in
 * order, for the caller's failure boundaries.
 */
export function updateTickets(actor: Actor, updates: readonly TicketUpdate[], now: Date): Promise<PromiseSettledResult<Awaited<ReturnType<typeof updateTicket>>>[]> {
  if (updates.length === 0) return Promise.resolve([]);
  return writeGrouped(updates[0]!.scope.db, updates, UPDATES_PER_BATCH, {
    key: ({ scope, id }) => `${scope.tenantId}/${id}`,
    reads: ({ scope, id, patch }): ReturnType<typeof ticketAndSlaReads> & ReturnType<typeof triggerTicketReads> & Partial<ReturnType<typeof notifyReads>> & { actorInGroup?: Statement } & ReturnType<typeof autoAssignReadsForUpdate> => {
      const mayAssign = actor.type === "agent" && patch.status === "solved" && patch.assigneeId === undefined;
      return { ...ticketAndSlaWriteReads(scope, id), ...triggerTicketReads(scope, { ticketId: id }), ...assignOnReplyReads(scope, id, actor, mayAssign), ...(patchMayNotify(patch) || mayAssign ? notifyReadsFor(scope, patch) : {}), ...autoAssignReadsForUpdate(scope, id, patch) };
    },
    // The workspace's triggers and what they name: once per workspace, not once per ticket.
    shared: ({ scope }) => ({ key: scope.tenantId, reads: triggerWorkspaceReads(scope) }),
    plan: ({ scope, id, patch, expectedUpdatedAt, alongside }, read) => {
      const current = ticketFrom(read.ticket);
      if (expectedUpdatedAt && current.updatedAt.getTime() !== expectedUpdatedAt.getTime()) throw ticketChanged();
      const assigned = withAssignOnReply(patch, current, actor, assignOnReplyRule(read as typeof read & { actorInGroup?: unknown[] }, false));
      const plan = planUpdate(scope, actor, current, assigned, slaContextFrom(read), now, assigned !== patch, read);
      const { notifyDirectory } = read;
      const notice = notifyDirectory && plan.changes.length ? noticeStatements(scope, { notifyDirectory }, [changeNotice({ notifyDirectory }, plan.after, plan.changes)], id, actor, now) : null;
      const autoAssigned = autoAssignOnUpdate(scope, read, plan.after, plan.changes, now);
      return { ...plan, statements: [...plan.statements, ...(notice?.statements ?? []), ...(alongside ?? []), ...autoAssigned.statements], live: [...(notice?.live ?? []), ...plan.live] };
    },
    check: (plan) => plan.check,
    statements: (plan) => plan.statements,
    done: async ({ scope, id, alongsideLive }, plan) => {
      handOverCommitted(scope, plan.statements, now);
      publishLive(scope, [ticketUpdated(id, plan.changes, actor, now), ...plan.live, ...(alongsideLive ?? [])]);
      await recordBlocked(scope, id, plan.blockedBy, now);
      return { ticket: plan.after, changes: plan.changes };
    },
    alone: ({ scope, id, patch, expectedUpdatedAt, alongside, alongsideLive }) => updateTicket(scope, actor, id, patch, now, expectedUpdatedAt, alongside, alongsideLive),
  });
}

/**
 * A change of a stored ticket, planned (pure) from the ticket and its SLA context as read: what
 * changes, the ticket after it, the references to check first (null: none), and the batch that
 * writes it — the compare-and-set guard, the changed columns, history, tags and clocks. No
 * statements when nothing changes. `blockedBy`, when set, is recorded after the batch (`recordBlocked`).
 */
/**
 * `selfAssigned`: the patch's assignee is the acting agent, already checked (`withAssignOnReply`).
 * `rules`: the read of `triggerReads`: the change's event runs the workspace's triggers, whose
 * changes join the same write (each with its own history rows, the trigger as the reason).
 */
function planUpdate(scope: TenantScope, actor: Actor, current: Ticket, patch: TicketChange, context: SlaContext, now: Date, selfAssigned = false, rules?: HookRead) {
  const { db, tenantId } = scope;
  const { id } = current;
  const own = planTicketUpdate(current, resolveChange(patch, current), now);
  if (own.changes.length === 0) return { changes: own.changes, after: current, check: null, statements: [] as Statement[], blockedBy: null, live: [] as LiveEvent[] };
  const hooks = rules ? planEventHooks(scope, rules, storedEvent(eventOfChanges(own.changes), { ...current, ...own.next, ...own.timestamps, updatedAt: now }, null, own.changes), now) : null;
  const { next, changes, timestamps } = hooks?.run ? planTicketUpdate(current, { ...resolveChange(patch, current), ...hooks.patch }, now) : own;
  const changed = Object.fromEntries(changes.filter((c) => c.field !== "tags").map((c) => [c.field, next[c.field as Exclude<keyof TicketFields, "tags">]]));
  const events = [...own.changes.map((c) => fieldChangeEvent(scope, id, actor, c, now)), ...(hooks?.events ?? [])];
  const after: Ticket = { ...current, ...next, ...timestamps, updatedAt: now };
  const remarked = next.automatic !== current.automatic;
  const sla = slaForWrite(scope, after, remarked ? withCustomerMessagesAutomatic(context, next.automatic) : context, events, now);
  const statements: Statement[] = [
    unchangedSince(scope, id, current.updatedAt),
    db.update(tickets).set({ ...changed, ...timestamps, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id))),
    ...(remarked ? [markCustomerMessages(scope, id, next.automatic)] : []),
    ...(hooks?.statements ?? []),
    ...insertEvents(scope, events),
    ...(changes.some((c) => c.field === "tags") ? replaceTags(scope, id, next.tags, now) : []),
    ...sla.statements,
  ];
  const toCheck = selfAssigned ? changes.filter((c) => c.field !== "assigneeId") : changes;
  // The triggers' notices, for the write to publish after it commits.
  return { changes, after, check: referenceCheck(scope, next, toCheck), statements, blockedBy: sla.blockedBy, live: hooks?.live ?? [] };
}

/**
 * A ticket marked (not) automatic: its customer's messages are (not) automatic mail, so its
 * clocks start (or stop) as if they had been classified so on arrival. Our own automatic mail
 * (acknowledgements, surveys) stays automatic.
 */
function markCustomerMessages(scope: TenantScope, ticketId: string, automatic: boolean) {
  return scope.db
    .update(messages)
    .set({ automatic })
    .where(and(eq(messages.tenantId, scope.tenantId), eq(messages.ticketId, ticketId), eq(messages.kind, "customer")));
}

const withCustomerMessagesAutomatic = (context: SlaContext, automatic: boolean): SlaContext => ({
  ...context,
  history: context.history.map((event) => (event.type === "customer_message" ? { ...event, automatic } : event)),
});

/** What a batch failed by a guard says (`core/row-version.ts`): match with `abortedByGuard`. */
export const STALE_MARKER = ABORT_MARKER;
export const ticketChanged = () => new AppError(409, "ticket_changed", "The ticket changed since it was read; read it again and reapply the change");

/**
 * A batch's first statement: it fails, rolling the batch back, unless the ticket is still as it
 * was read (the compare-and-set guard every versioned write uses, `core/row-version.ts`).
 */
export const unchangedSince = (scope: TenantScope, id: string, updatedAt: Date) => rowUnchangedSince(scope, tickets, id, updatedAt);

export interface NewMessage {
  /** Pre-assigned id, when other rows of the same batch (attachments) refer to the message. */
  id?: string;
  kind: MessageKind;
  bodyText: string;
  bodyHtml?: string | null;
  emailMessageId?: string | null;
  /** Outlook's conversation key of an emailed message (mail/thread-index.ts). */
  threadKey?: string | null;
  quotedText?: string | null;
  fromAddress?: string | null;
  fromName?: string | null;
  automatic?: boolean;
  inboundMessageId?: string | null;
  /** A new ticket's first message is the stored message `id`, moved from its ticket (a split). */
  moved?: boolean;
}

/**
 * The statements that add a message to a ticket: the message (`returning` it), its event, the
 * ticket's new state (status, first response, updated) and its SLA. Returned unexecuted so the
 * caller can add the outbound mail the message promises to the same atomic batch. Given the
 * SLA context (read with the ticket), the clocks go in the same batch; without it the
 * recomputation is recorded as owed and the caller runs `finishTicketWrite` after the batch.
 * `blockedBy`, when set, is recorded after the batch with `recordBlocked`.
 */
export function messageStatements(scope: TenantScope, actor: Actor, ticket: Ticket, message: NewMessage, patch: TicketPatch, now: Date, sla: SlaContext | null) {
  const { db, tenantId } = scope;
  const { next, changes, timestamps } = planTicketUpdate(ticket, patch, now);
  const id = message.id ?? newId("msg", now.getTime());
  const firstResponse = message.kind === "reply" && actor.type === "agent" && !ticket.firstResponseAt ? { firstResponseAt: now } : {};
  const eventType = message.kind === "customer" ? "customer_message" : message.kind === "reply" ? "public_reply" : "internal_note";
  const events: NewEvent[] = [
    { tenantId, ticketId: ticket.id, type: eventType, actorType: actor.type, actorId: actor.id, messageId: id, createdAt: now },
    ...changes.map((c) => fieldChangeEvent(scope, ticket.id, actor, c, now)),
  ];
  const after: Ticket = { ...ticket, status: next.status, assigneeId: next.assigneeId, automatic: next.automatic, ...timestamps, ...firstResponse, updatedAt: now };
  // An assignment a message brings (`withAssignOnReply`) never replaces one made meanwhile.
  const assignee = next.assigneeId !== ticket.assigneeId ? { assigneeId: sql`coalesce(${tickets.assigneeId}, ${next.assigneeId})` } : {};
  const derived = sla ? slaForWrite(scope, after, sla, events, now, { automatic: message.automatic ?? false }) : { statements: [owedSlaRecompute(scope, ticket.id, now)], blockedBy: null };
  const statements: Statement[] = [
    insertMessage(scope, ticket.id, id, actor, message, now).returning(),
    ...insertEvents(scope, events),
    // Only what the message changes: a note written from a stale read must not put back the
    // status another agent's reply just set.
    db
      .update(tickets)
      .set({ ...(next.status !== ticket.status ? { status: next.status } : {}), ...(next.automatic !== ticket.automatic ? { automatic: next.automatic } : {}), ...assignee, ...timestamps, ...firstResponse, ...messageTimes(message.kind, actor, now), updatedAt: now })
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticket.id))),
    ...derived.statements,
  ];
  /** The message as stored, from the batch's results (found by id). */
  const messageFrom = (results: unknown[]): MessageRow => results.find((r): r is MessageRow[] => Array.isArray(r) && (r[0] as MessageRow | undefined)?.id === id)![0]!;
  return { messageId: id, statements, after, blockedBy: derived.blockedBy, messageFrom, live: messageAdded(after, message.kind, actor, now, changes) };
}

/** The ticket's last customer message / agent public reply time a message sets (automations' time conditions). */
const messageTimes = (kind: MessageKind, author: Actor, now: Date) =>
  kind === "customer" ? { lastCustomerMessageAt: now } : kind === "reply" && author.type === "agent" ? { lastAgentMessageAt: now } : {};

function insertMessage(scope: TenantScope, ticketId: string, id: string, author: Actor, message: NewMessage, now: Date) {
  return scope.db.insert(messages).values({
    id,
    tenantId: scope.tenantId,
    ticketId,
    kind: message.kind,
    authorUserId: author.type === "agent" ? author.id : null,
    authorCustomerId: author.type === "customer" ? author.id : null,
    bodyText: message.bodyText,
    bodyHtml: message.bodyHtml ?? null,
    emailMessageId: message.emailMessageId ?? null,
    threadKey: message.threadKey ?? null,
    quotedText: message.quotedText ?? null,
    fromAddress: message.fromAddress ?? null,
    fromName: message.fromName ?? null,
    automatic: message.automatic ?? false,
    inboundMessageId: message.inboundMessageId ?? null,
    createdAt: now,
  });
}

export function listMessages(scope: TenantScope, ticketId: string) {
  return scope.db.query.messages.findMany({
    where: and(eq(messages.tenantId, scope.tenantId), eq(messages.ticketId, ticketId)),
    orderBy: [asc(messages.createdAt), asc(messages.id)],
  });
}

/** The ticket's tags as `tags`, each with the ticket's new `updated_at` (the list by tag's order; triggers keep it after). */
function replaceTags(scope: TenantScope, ticketId: string, tags: string[], updatedAt: Date) {
  const remove = scope.db.delete(ticketTags).where(and(eq(ticketTags.tenantId, scope.tenantId), eq(ticketTags.ticketId, ticketId)));
  return [remove, ...insertTags(scope, ticketId, tags, updatedAt)];
}

/** A new ticket's tags (it has none to remove). */
function insertTags({ db, tenantId }: TenantScope, ticketId: string, tags: string[], updatedAt: Date) {
  return tags.length ? [db.insert(ticketTags).values(tags.map((tag) => ({ tenantId, ticketId, tag, updatedAt })))] : [];
}

/**
 * A new or messaged ticket's rows as its triggers left them (`planEventHooks`), for the write's
 * batch after the ticket's own rows: the fields they changed, its tags, their notes, history,
 * webhook deliveries and fired counts. A group or assignee that is gone (or an agent no longer
 * active) is not set: the ticket keeps its own (the foreign keys would refuse the whole write).
 */
export function triggeredStatements(scope: TenantScope, ticketId: string, plan: EventHookPlan | null, now: Date): Statement[] {
  if (!plan) return [];
  const { db, tenantId } = scope;
  const { tags, groupId, assigneeId, ...fields } = plan.patch;
  const set = {
    ...fields,
    ...(fields.status !== undefined ? { solvedAt: plan.ticket.solvedAt, closedAt: plan.ticket.closedAt } : {}),
    ...(groupId !== undefined ? { groupId: groupId && sql`coalesce((select ${groups.id} from ${groups} where ${groups.tenantId} = ${tenantId} and ${groups.id} = ${groupId}), ${tickets.groupId})` } : {}),
    ...(assigneeId !== undefined ? { assigneeId: assigneeId && sql`coalesce((select ${users.id} from ${users} where ${users.tenantId} = ${tenantId} and ${users.id} = ${assigneeId} and ${users.active} = 1), ${tickets.assigneeId})` } : {}),
  };
  return [
    ...(Object.keys(set).length ? [db.update(tickets).set({ ...set, updatedAt: now }).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, ticketId)))] : []),
    ...(tags ? replaceTags(scope, ticketId, tags, now) : []),
    ...hookStatements(scope, plan),
  ];
}

/**
 * The requester, assignee and group a ticket points at must exist in the same tenant; the
 * assignee must be an active user and, when the ticket has a group, a member of it. Only what
 * changed is checked: the reads for a caller's batch and the check on their results (null when
 * nothing needs checking).
 */
function referenceCheck(scope: TenantScope, fields: Pick<TicketFields, "requesterId" | "assigneeId" | "groupId">, changes: FieldChange[]): PlanCheck | null {
  const changed = (field: string) => changes.some((c) => c.field === field);
  const assigneeId = changed("assigneeId") || changed("groupId") ? fields.assigneeId : null;
  const reads: Record<string, Statement> = {
    ...(changed("requesterId") ? { requester: customerByIdQuery(scope, fields.requesterId) } : {}),
    ...referenceReads(scope, { assigneeId, groupId: fields.groupId }),
  };
  if (Object.keys(reads).length === 0) return null;
  return {
    reads,
    verify: (found) => {
      const read = found as { requester?: unknown[]; group?: unknown[]; assignee?: { active: boolean }[]; membership?: unknown[] };
      if (read.requester && !read.requester.length) throw invalidField("requesterId", "requester_not_found", "No customer with this id");
      verifyReferences(read, { assigneeId, groupId: changed("groupId") ? fields.groupId : null, memberOf: fields.groupId });
    },
  };
}

const customerByIdQuery = (scope: TenantScope, id: string) =>
  scope.db.select({ id: customers.id, name: customers.name, tier: customers.tier, language: customers.language }).from(customers).where(and(eq(customers.tenantId, scope.tenantId), eq(customers.id, id)));

/** The reads that check a group and an assignee (and the assignee's membership of the group), for a caller's batch. */
function referenceReads(scope: TenantScope, fields: { assigneeId: string | null; groupId: string | null }) {
  const { db, tenantId } = scope;
  return {
    // `!= null`, not truthiness: an empty id is an id that names nothing (422), not "none".
    ...(fields.groupId != null ? { group: db.select({ id: groups.id }).from(groups).where(and(eq(groups.tenantId, tenantId), eq(groups.id, fields.groupId))) } : {}),
    ...(fields.assigneeId != null ? { assignee: db.select({ active: users.active }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, fields.assigneeId))) } : {}),
    ...(fields.assigneeId != null && fields.groupId != null
      ? { membership: db.select({ userId: groupMembers.userId }).from(groupMembers).where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.groupId, fields.groupId), eq(groupMembers.userId, fields.assigneeId))) }
      : {}),
  };
}

/** Throws the field error for a group or assignee that `referenceReads` did not find. */
function verifyReferences(read: { group?: unknown[]; assignee?: { active: boolean }[]; membership?: unknown[] }, fields: { assigneeId: string | null; groupId: string | null; memberOf?: string | null }) {
  if (fields.groupId != null && !read.group?.length) throw invalidField("groupId", "group_not_found", "No group with this id");
  if (fields.assigneeId != null) {
    if (!read.assignee?.[0]?.active) throw invalidField("assigneeId", "assignee_not_found", "No active agent with this id");
    if ((fields.memberOf ?? fields.groupId) != null && !read.membership?.length)
      throw new AppError(422, "assignee_not_in_group", "The assignee is not a member of the ticket's group", {
        errors: [{ field: "assigneeId", code: "assignee_not_in_group", message: "Add the agent to the group first, or change the group" }],
      });
  }
}

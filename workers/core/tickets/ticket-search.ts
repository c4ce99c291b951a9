import { sql, type SQL } from "drizzle-orm";
import { cjkTokenQuery, customersWithCjkWord } from "./cjk-index";
import type { SearchTerm } from "./search-query";

/** A term an index answers: a trigram phrase (`match`) or a word of 1-2 CJK characters (`gram`). */
export type IndexTerm = SearchTerm & { kind: "match" | "gram" };

/**
 * How a search's page is found depends on how many matches its first index term has in the
 * index (counted from the index alone, up to MANY_MATCHES + 1; the trigram index is shared by
 * every workspace, the CJK index keyed by workspace):
 * - at most FEW_MATCHES: the matching tickets are fetched by key and sorted;
 * - up to MANY_MATCHES: the workspace's tickets are walked in the list's order (the sort's
 *   tenant-first index), each probed in the set of the workspace's matching tickets (read once),
 *   until the page is full — at most WALK_TICKETS of them;
 * - more: the walk probes each ticket's history events in the index one by one (a seek each),
 *   so the matches are never all read — at most SEEK_TICKETS tickets.
 * A walk that comes short falls back to fetching and sorting the matches: the word is rare in this
 * workspace, so they are few here (one in WALK_TICKETS / 25 of the tickets walked, or fewer).
 */
export const FEW_MATCHES = 500;
export const MANY_MATCHES = 5_000;
export const WALK_TICKETS = 5_000;
export const SEEK_TICKETS = 500;

/** The index that answers a term (ticket_search: trigrams; ticket_cjk_search: CJK grams, migration 0011) and its MATCH query. */
function indexOf(tenantId: string, term: IndexTerm) {
  return term.kind === "match" ? { table: sql.raw("ticket_search"), query: sql`${term.value}` } : { table: sql.raw("ticket_cjk_search"), query: cjkTokenQuery(tenantId, term.value) };
}

/** The index's matches of the term: history event ids (both indexes' rowids), from the index alone. */
function matchingEvents(tenantId: string, term: IndexTerm, limit: number): SQL {
  const { table, query } = indexOf(tenantId, term);
  return sql`select rowid from ${table} where ${table} match ${query} limit ${limit}`;
}

/**
 * The workspace's tickets (ids) whose subject or a message has the term, whose requester has it
 * (name, organisation, an address), or whose number it is. Both indexes are keyed by event id: each
 * match's event is looked up by primary key (`+tenant_id` keeps SQLite off the tenant-first index,
 * which would read all the workspace's events). The trigram index also stores each event's
 * workspace and ticket beside its text, but reading them back costs three times as much (1,900
 * matches: 3.2 ms against 0.9 ms in SQLite). The requesters' tickets come by the (tenant,
 * requester) index.
 */
function workspaceTicketsWith(tenantId: string, term: IndexTerm): SQL {
  const { table, query } = indexOf(tenantId, term);
  const byText = sql`select ticket_id from ticket_events where +tenant_id = ${tenantId} and id in (select rowid from ${table} where ${table} match ${query})`;
  // The requester's tickets and the numbered one in branches of their own: an OR of the two
  // would walk every ticket of the workspace (neither index answers both).
  const byNumber = term.number === undefined ? sql`` : sql` union all select "id" from "tickets" where "tenant_id" = ${tenantId} and "number" = ${term.number}`;
  return sql`${byText} union all select "id" from "tickets" where "tenant_id" = ${tenantId} and "requester_id" in (${customersWith(tenantId, term)})${byNumber}`;
}

/**
 * Customers (ids) with the term in their name, organisation or an address (the customer indexes of
 * migrations 0009 and 0011). The trigram index's matches are not narrowed to the workspace here:
 * customer ids are unique, and the caller takes only the workspace's tickets of them.
 */
const customersWith = (tenantId: string, term: IndexTerm): SQL =>
  term.kind === "match" ? sql`select customer_id from customer_search where customer_search match ${term.value}` : customersWithCjkWord(tenantId, term.value);

/** The ticket (`outer`) is requested by a customer with the term, or has the term as its number. */
const ticketOfRequesterOrNumber = (tenantId: string, term: IndexTerm, outer: string): SQL => {
  const ticket = sql.identifier(outer);
  const byRequester = sql`${ticket}."requester_id" in (${customersWith(tenantId, term)})`;
  return term.number === undefined ? byRequester : sql`${byRequester} or ${ticket}."number" = ${term.number}`;
};

/**
 * The ticket of the enclosing query (`"tickets"`, or `outer`) has the term. A term an index
 * answers: a probe in the set of the workspace's tickets that have it (read once per statement).
 * Another short word cannot use either index, and a substring scan of the search table would read
 * every workspace's rows (its tenant column is not indexed): the ticket's subject, this
 * workspace's messages and customers (tenant-first indexes).
 */
export function ticketHasTerm(tenantId: string, term: SearchTerm, outer = "tickets"): SQL {
  const ticket = sql.identifier(outer);
  if (term.kind !== "like") return sql`${ticket}."id" in (${workspaceTicketsWith(tenantId, term as IndexTerm)})`;
  // A number of one or two digits is a ticket's number: as a substring it is in most of the
  // workspace's text (order 142, 2025), and no index could find it there.
  if (term.number !== undefined) return sql`${ticket}."number" = ${term.number}`;
  const like = sql`like ${term.value} escape '\\'`;
  const byRequester = sql`${ticket}."requester_id" in (select "id" from "customers" where "tenant_id" = ${tenantId} and ("name" ${like} or "organization" ${like}) union all select "customer_id" from "customer_emails" where "tenant_id" = ${tenantId} and "email" ${like})`;
  return sql`(${ticket}."subject" ${like} or ${ticket}."id" in (select "ticket_id" from "messages" where "tenant_id" = ${tenantId} and "body_text" ${like}) or ${byRequester})`;
}

/** The workspace's tickets (ids) that have the term, as a set. */
const termSet = (tenantId: string, term: SearchTerm): SQL =>
  term.kind === "like" ? sql`select "id" from "tickets" where "tenant_id" = ${tenantId} and ${ticketHasTerm(tenantId, term)}` : workspaceTicketsWith(tenantId, term as IndexTerm);

/**
 * The same, without reading the set: each of the ticket's history events is looked up in the
 * index by rowid (FTS5 seeks to it in each token's list). `cross join` keeps the events outside.
 */
const ticketHasTermSeek = (tenantId: string, term: IndexTerm, outer: string): SQL => {
  const { table, query } = indexOf(tenantId, term);
  const ticket = sql.identifier(outer);
  return sql`(exists (select 1 from ticket_events e cross join ${table} s where e.tenant_id = ${ticket}."tenant_id" and e.ticket_id = ${ticket}."id" and s.rowid = e.id and s.${table} match ${query}) or ${ticketOfRequesterOrNumber(tenantId, term, outer)})`;
};

/**
 * The rowids of a search page's tickets (`limit` of them, `filters` — the other terms, every
 * filter, the cursor — applied), in one statement that picks its way itself (see FEW_MATCHES). A
 * branch not taken has LIMIT 0, which SQLite checks before reading anything.
 */
export function searchPage(tenantId: string, [first, ...others]: [IndexTerm, ...SearchTerm[]], page: { filters: SQL; sortColumn: SQL; direction: "asc" | "desc"; limit: number }): SQL {
  const dir = sql.raw(page.direction);
  const matches = sql`(select n from search_count)`;
  // The other terms' sets, each read once (in a WITH; a term's parameters are then bound once, not
  // in each branch: D1 binds at most 100 values per statement), and probed by every branch.
  const otherSets = others.map((term, i) => sql`, ${sql.identifier(`search_term_${i}`)}(id) as materialized (${termSet(tenantId, term)})`);
  const filters = sql.join([page.filters, ...others.map((_, i) => sql`"tickets"."id" in (select id from ${sql.identifier(`search_term_${i}`)})`)], sql` and `);
  page = { ...page, filters };
  const walk = (tickets: SQL, has: SQL) =>
    sql`select rid from (select "tickets".rowid as rid, ${page.sortColumn} as k, "tickets"."tenant_id" as tenant_id, "tickets"."id" as id, "tickets"."requester_id" as requester_id, "tickets"."number" as number from "tickets" where "tickets"."tenant_id" = ${tenantId} and ${page.filters} order by k ${dir}, id ${dir} limit ${tickets}) search_walked where ${has} order by k ${dir}, id ${dir} limit ${page.limit}`;
  const pageFull = sql`(select count(*) from search_walk) = ${page.limit}`;
  return sql`with search_count(n) as materialized (select count(*) from (${matchingEvents(tenantId, first, MANY_MATCHES + 1)}))${sql.join(otherSets)},
    search_walk(rid) as materialized (${walk(
      sql`case when ${matches} <= ${FEW_MATCHES} then 0 when ${matches} <= ${MANY_MATCHES} then ${WALK_TICKETS} else ${SEEK_TICKETS} end`,
      sql`case when ${matches} <= ${MANY_MATCHES} then ${ticketHasTerm(tenantId, first, "search_walked")} else ${ticketHasTermSeek(tenantId, first, "search_walked")} end`,
    )})
    select rid from search_walk where ${pageFull}
    union all
    select rowid from (select "tickets".rowid from "tickets" where +"tickets"."tenant_id" = ${tenantId} and ${ticketHasTerm(tenantId, first)} and ${page.filters} order by ${page.sortColumn} ${dir}, "tickets"."id" ${dir} limit case when ${pageFull} then 0 else ${page.limit} end)`;
}

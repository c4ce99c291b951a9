import { sql, type SQL } from "drizzle-orm";
import { cjkTokenQuery } from "./cjk-index";
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
 * The workspace's tickets (ids) whose subject or a message has the term. The trigram index stores
 * each event's workspace and ticket beside its text; the CJK index (contentless) is keyed by
 * event id, looked up by primary key (`+tenant_id` keeps SQLite off the tenant-first index, which
 * would read all the workspace's events).
 */
function workspaceTicketsWith(tenantId: string, term: IndexTerm): SQL {
  const { table, query } = indexOf(tenantId, term);
  return term.kind === "match"
    ? sql`select ticket_id from ticket_search where tenant_id = ${tenantId} and ticket_search match ${query}`
    : sql`select ticket_id from ticket_events where +tenant_id = ${tenantId} and id in (select rowid from ${table} where ${table} match ${query})`;
}

/** The ticket of the enclosing query (`"tickets"`, or `outer`) has the term: a probe in the set of the workspace's tickets that have it (read once per statement). */
export const ticketHasTerm = (tenantId: string, term: IndexTerm, outer = "tickets"): SQL => sql`${sql.identifier(outer)}."id" in (${workspaceTicketsWith(tenantId, term)})`;

/**
 * The same, without reading the set: each of the ticket's history events is looked up in the
 * index by rowid (FTS5 seeks to it in each token's list). `cross join` keeps the events outside.
 */
const ticketHasTermSeek = (tenantId: string, term: IndexTerm, outer: string): SQL => {
  const { table, query } = indexOf(tenantId, term);
  const ticket = sql.identifier(outer);
  return sql`exists (select 1 from ticket_events e cross join ${table} s where e.tenant_id = ${ticket}."tenant_id" and e.ticket_id = ${ticket}."id" and s.rowid = e.id and s.${table} match ${query})`;
};

/**
 * The rowids of a search page's tickets (`limit` of them, `filters` — the other terms, every
 * filter, the cursor — applied), in one statement that picks its way itself (see FEW_MATCHES). A
 * branch not taken has LIMIT 0, which SQLite checks before reading anything.
 */
export function searchPage(tenantId: string, first: IndexTerm, page: { filters: SQL; sortColumn: SQL; direction: "asc" | "desc"; limit: number }): SQL {
  const dir = sql.raw(page.direction);
  const matches = sql`(select n from search_count)`;
  const walk = (tickets: SQL, has: SQL) =>
    sql`select rid from (select "tickets".rowid as rid, ${page.sortColumn} as k, "tickets"."tenant_id" as tenant_id, "tickets"."id" as id from "tickets" where "tickets"."tenant_id" = ${tenantId} and ${page.filters} order by k ${dir}, id ${dir} limit ${tickets}) search_walked where ${has} order by k ${dir}, id ${dir} limit ${page.limit}`;
  const pageFull = sql`(select count(*) from search_walk) = ${page.limit}`;
  return sql`with search_count(n) as materialized (select count(*) from (${matchingEvents(tenantId, first, MANY_MATCHES + 1)})),
    search_walk(rid) as materialized (
      select rid from (${walk(sql`case when ${matches} > ${FEW_MATCHES} and ${matches} <= ${MANY_MATCHES} then ${WALK_TICKETS} else 0 end`, ticketHasTerm(tenantId, first, "search_walked"))})
      union all
      select rid from (${walk(sql`case when ${matches} > ${MANY_MATCHES} then ${SEEK_TICKETS} else 0 end`, ticketHasTermSeek(tenantId, first, "search_walked"))}))
    select rid from search_walk where ${pageFull}
    union all
    select rowid from (select "tickets".rowid from "tickets" where +"tickets"."tenant_id" = ${tenantId} and ${ticketHasTerm(tenantId, first)} and ${page.filters} order by ${page.sortColumn} ${dir}, "tickets"."id" ${dir} limit case when ${pageFull} then 0 else ${page.limit} end)`;
}

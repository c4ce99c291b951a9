import { sql, type SQL } from "drizzle-orm";

/**
 * The FTS5 query for a `gram` search term (one or two CJK characters) in the CJK indexes of
 * migration 0011 (ticket_cjk_search, customer_cjk_search): the workspace's key — hex of the last
 * 6 characters of its id, the same expression as the index's tokens — followed by the word, as
 * one quoted token. Only that workspace's entries for the word are read.
 */
export const cjkTokenQuery = (tenantId: string, word: string): SQL => sql`'"' || hex(substr(${tenantId}, -6)) || ${word} || '"'`;

/**
 * Tickets (ids) with a word of 1-2 CJK characters in their subject or any message, in one
 * workspace. The index's rowids are history event ids, looked up by primary key (`+tenant_id`
 * keeps SQLite off the tenant-first index, which would read all the workspace's events).
 */
export const ticketsWithCjkWord = (tenantId: string, word: string): SQL =>
  sql`select ticket_id from ticket_events where +tenant_id = ${tenantId} and id in (select rowid from ticket_cjk_search where ticket_cjk_search match ${cjkTokenQuery(tenantId, word)})`;

/** Customers (ids) with a word of 1-2 CJK characters in their name, organisation or any address, in one workspace (rowids: customer_search_rows). */
export const customersWithCjkWord = (tenantId: string, word: string): SQL =>
  sql`select customer_id from customer_search_rows where +tenant_id = ${tenantId} and id in (select rowid from customer_cjk_search where customer_cjk_search match ${cjkTokenQuery(tenantId, word)})`;

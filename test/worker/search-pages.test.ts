import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { FEW_MATCHES, MANY_MATCHES, WALK_TICKETS } from "../../workers/core/tickets/ticket-search";
import { call, newWorkspace } from "../helpers/api";
import { newUsage, rowsReadOf } from "../helpers/d1-recorder";
import { recordedGet } from "../helpers/recorded-get";

/**
 * A search finds its page one of four ways (ticket-search.ts: its matches sorted; a walk in the
 * list's order probing the set of matching tickets; a walk seeking each ticket's events in the
 * index; a walk that comes short, then the matches sorted). Whichever it takes, the pages are the
 * ones a substring search over subjects and messages gives, in the list's order, and a common
 * word reads about as many rows as a page needs, not one per match.
 */

const TICKETS = 8_000;
const BASE = 1_700_000_000_000;

let ws: Awaited<ReturnType<typeof newWorkspace>>;
let tenantId: string;

/**
 * Tickets k = 0 … 7,999, two by two with the same updated_at (the id breaks the tie), each with a
 * subject event and one customer message whose history event fills both search indexes (their
 * triggers). Words: "teapot" and 茶 in every ticket (more matches than MANY_MATCHES), "kettle" in
 * one in 10 and 退款 in one in 5 (more than FEW_MATCHES), "crackle" in one in 100 (fewer), and
 * "oldword" in the 600 oldest only (a walk of the newest WALK_TICKETS finds none).
 */
async function seed() {
  const s = `WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k + 1 < ${TICKETS})`;
  const customer = await call("POST", "/customers", { token: ws.token, body: { name: "Li Wei", emails: ["li.wei@example.com"] } });
  expect(customer.status).toBe(201);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, created_at, updated_at)
       ${s} SELECT 'tkt_sp_' || printf('%05d', k), ?1, 1000 + k, 'Question ' || k, 'open', 'normal', 'question', 'web', ?2, ${BASE} + k * 1000, ${BASE} + (k / 2) * 1000 FROM s`,
    ).bind(tenantId, customer.body.id),
    env.DB.prepare(
      `INSERT INTO messages (id, tenant_id, ticket_id, kind, body_text, created_at)
       ${s} SELECT 'msg_sp_' || printf('%05d', k), ?1, 'tkt_sp_' || printf('%05d', k), 'customer',
         'Hello, my teapot ' || CASE WHEN k % 10 = 3 THEN 'and kettle ' ELSE '' END || CASE WHEN k % 100 = 7 THEN 'crackle ' ELSE '' END
         || CASE WHEN k < 600 THEN 'oldword ' ELSE '' END || CASE WHEN k % 5 = 1 THEN '我想退款' ELSE '茶' END, ${BASE} FROM s`,
    ).bind(tenantId),
    env.DB.prepare(
      `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, field, new_value, created_at)
       ${s} SELECT ?1, 'tkt_sp_' || printf('%05d', k), 'ticket_created', 'system', 'subject', 'Question ' || k, ${BASE} FROM s`,
    ).bind(tenantId),
    env.DB.prepare(
      `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, message_id, created_at)
       ${s} SELECT ?1, 'tkt_sp_' || printf('%05d', k), 'customer_message', 'customer', 'msg_sp_' || printf('%05d', k), ${BASE} FROM s`,
    ).bind(tenantId),
  ]);
}

/** The workspace's tickets whose subject or a message contains `word`, in the list's order. */
async function reference(word: string, order: "asc" | "desc" = "desc"): Promise<string[]> {
  const rows = await env.DB.prepare(
    `select t.id from tickets t where t.tenant_id = ? and (instr(lower(t.subject), ?2) or exists (select 1 from messages m where m.tenant_id = t.tenant_id and m.ticket_id = t.id and instr(lower(m.body_text), ?2)))
     order by t.updated_at ${order}, t.id ${order}`,
  )
    .bind(tenantId, word)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

const searchPage = (query: string, usage = newUsage()) => recordedGet<{ items: { id: string }[]; nextCursor: string | null }>(`/tickets?${query}`, ws.token, usage);

/** The first `pages` pages of a search (all of them if fewer), concatenated. */
async function pages(word: string, limit: number, pages: number, extra = ""): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page = await searchPage(`q=${encodeURIComponent(word)}&limit=${limit}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    ids.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

describe("a search's pages, whichever way they are found", () => {
  beforeAll(async () => {
    ws = await newWorkspace();
    tenantId = ws.workspace.id;
    await seed();
  }, 180_000);

  it("are the tickets containing the word, in the list's order, page after page", { timeout: 300_000 }, async () => {
    const matches = async (word: string) => (await reference(word)).length;
    // Each way is taken: the counts straddle the thresholds.
    expect(await matches("teapot")).toBeGreaterThan(MANY_MATCHES);
    expect(await matches("茶")).toBeGreaterThan(MANY_MATCHES);
    expect(await matches("kettle")).toBeGreaterThan(FEW_MATCHES);
    expect(await matches("退款")).toBeGreaterThan(FEW_MATCHES);
    expect(await matches("crackle")).toBeLessThanOrEqual(FEW_MATCHES);
    expect(Number((await reference("oldword"))[0]!.slice(7))).toBeLessThan(TICKETS - WALK_TICKETS);

    for (const [word, limit, count] of [
      ["teapot", 25, 3],
      ["茶", 25, 3],
      ["kettle", 100, 7],
      ["退款", 100, 3],
      ["crackle", 25, 3],
      ["oldword", 100, 7],
    ] as const) {
      const expected = await reference(word);
      const found = await pages(word, limit, count);
      expect(found.length, word).toBe(Math.min(expected.length, limit * count));
      expect(found, word).toEqual(expected.slice(0, found.length));
    }
    // Ascending, two words (the second checked on the first's tickets), another sort.
    expect(await pages("kettle", 100, 9, "&order=asc")).toEqual(await reference("kettle", "asc"));
    const refund = new Set(await reference("退款"));
    const both = (await reference("kettle")).filter((id) => refund.has(id));
    expect(await pages("kettle 退款", 50, 10)).toEqual(both);
    const byNumber = await pages("crackle", 25, 4, "&sort=number&order=asc");
    expect(byNumber).toEqual([...(await reference("crackle"))].sort());
  });

  it("read about a page's worth of rows for a word in every ticket, not one per match", { timeout: 120_000 }, async () => {
    for (const word of ["teapot", "茶"]) {
      const usage = newUsage();
      await searchPage(`q=${encodeURIComponent(word)}&limit=25`, usage);
      expect(usage.roundTrips, word).toBeLessThanOrEqual(2);
      const rows = await rowsReadOf(env.DB, usage);
      console.log(`rows read, ${word} (${(await reference(word)).length} matching tickets of ${TICKETS}): ${rows}`);
      // Sorting every match (what a search did before) reads at least two rows per matching ticket.
      expect(rows, word).toBeLessThan((await reference(word)).length);
    }
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../workers/core/pagination";
import { call, newTicket, newWorkspace } from "../helpers/api";
import { newUsage } from "../helpers/d1-recorder";
import { recordedGet } from "../helpers/recorded-get";

/**
 * The list by tag is driven from ticket_tags (which carry the ticket's updated_at, migration
 * 0015) and the lists by SLA state from partial indexes of sla_clocks (which carry whether the
 * ticket is open): the same tickets, in the same order, page by page, as the filter over every
 * ticket of the workspace gives — here computed by a reference query straight on the tables.
 */

type Ws = Awaited<ReturnType<typeof newWorkspace>>;

/** Every page of a list, concatenated (ids), checking the cursor chain ends. */
async function allPages(ws: Ws, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res: { status: number; body: any } = await call("GET", `/tickets?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: ws.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...(res.body.items as { id: string }[]).map((t) => t.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("the cursor chain did not end");
}

/** The workspace's tickets passing `where` (SQL over `t`, the ticket), in the list's order. */
async function reference(ws: Ws, where: string, params: unknown[], order: "asc" | "desc" = "desc", sort: "updated_at" | "created_at" | "number" = "updated_at"): Promise<string[]> {
  const rows = await env.DB.prepare(`select t.id from tickets t where t.tenant_id = ? and ${where} order by t.${sort} ${order}, t.id ${order}`)
    .bind(ws.workspace.id, ...params)
    .all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

const tagged = (tag: string) => ["exists (select 1 from ticket_tags g where g.tenant_id = t.tenant_id and g.ticket_id = t.id and g.tag = ?)", [tag]] as const;

/** Rows of ticket_tags whose copy of updated_at differs from their ticket's. */
const staleTagRows = async () =>
  (await env.DB.prepare("select count(*) as n from ticket_tags g join tickets t on t.tenant_id = g.tenant_id and t.id = g.ticket_id where g.updated_at is not t.updated_at").first<{ n: number }>())!.n;

describe("the list by tag", () => {
  it("gives the tagged tickets in the list's order, page by page, as tickets are changed, retagged and merged", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const tickets = [];
    for (let i = 0; i < 9; i++) tickets.push(await newTicket(ws.token, { subject: `T${i}`, tags: i % 3 === 0 ? ["vip", "billing"] : i % 3 === 1 ? ["vip"] : [], requester: { email: `c${i % 4}@example.com` } }));
    // Moves: a status change, a reply, a retag (on and off), a customer merge (every ticket of the merged customer).
    const patch = (id: string, body: unknown) => call("PATCH", `/tickets/${id}`, { token: ws.token, body });
    expect((await patch(tickets[0]!.id, { status: "open" })).status).toBe(200);
    expect((await call("POST", `/tickets/${tickets[4]!.id}/messages`, { token: ws.token, body: { kind: "reply", body: "On its way." } })).status).toBe(201);
    expect((await patch(tickets[2]!.id, { tags: ["vip"] })).status).toBe(200);
    expect((await patch(tickets[3]!.id, { tags: ["billing"] })).status).toBe(200);
    const merged = await call("POST", `/customers/${tickets[6]!.requesterId}/merge`, { token: ws.token, body: { sourceCustomerId: tickets[5]!.requesterId } });
    expect(merged.status, JSON.stringify(merged.body)).toBeLessThan(300);
    expect((await patch(tickets[1]!.id, { priority: "high" })).status).toBe(200);
    expect(await staleTagRows()).toBe(0);

    for (const tag of ["vip", "billing", "none-has-it"]) {
      const [where, params] = tagged(tag);
      const expected = await reference(ws, where, [...params]);
      expect(expected.length > 0 || tag === "none-has-it").toBe(true);
      for (const limit of [1, 2, 100]) {
        expect(await allPages(ws, `tag=${tag}`, limit), `${tag}, limit ${limit}`).toEqual(expected);
        expect(await allPages(ws, `tag=${tag}&order=asc`, limit), `${tag} ascending, limit ${limit}`).toEqual(await reference(ws, where, [...params], "asc"));
      }
      expect(await allPages(ws, `tag=${tag}&status=new`, 2)).toEqual(await reference(ws, `${where} and t.status = 'new'`, [...params]));
      expect(await allPages(ws, `tag=${tag}&sort=created_at`, 2)).toEqual(
        (await env.DB.prepare(`select t.id from tickets t where t.tenant_id = ? and ${where} order by t.created_at desc, t.id desc`).bind(ws.workspace.id, ...params).all<{ id: string }>()).results.map((r) => r.id),
      );
    }
  });

  it("keeps each tag's copy of updated_at whichever write moves the ticket (triggers), and a tag written without it takes the ticket's", async () => {
    const ws = await newWorkspace();
    const ticket = await newTicket(ws.token, { tags: ["vip"] });
    await env.DB.prepare("update tickets set updated_at = updated_at + 1000 where id = ?").bind(ticket.id).run();
    await env.DB.prepare("insert into ticket_tags (tenant_id, ticket_id, tag) values (?, ?, 'late')").bind(ws.workspace.id, ticket.id).run();
    const rows = await env.DB.prepare("select g.tag, g.updated_at = t.updated_at as same from ticket_tags g join tickets t on t.tenant_id = g.tenant_id and t.id = g.ticket_id where g.ticket_id = ? order by g.tag").bind(ticket.id).all();
    expect(rows.results).toEqual([
      { tag: "late", same: 1 },
      { tag: "vip", same: 1 },
    ]);
  });
});

/** The SLA states as they were defined before the lists were driven from the clocks. */
const IN_BREACH = "(c.state = 'breached' and c.fulfilled_at is null) or (c.state = 'running' and c.due_at <= ?)";
const DUE_SOON = "c.state = 'running' and c.due_at > ? and c.due_at <= ?";
const withClock = (condition: string) => `exists (select 1 from sla_clocks c where c.tenant_id = t.tenant_id and c.ticket_id = t.id and (${condition}))`;

/** Clocks of done tickets (open flag 0) whose copies of the ticket's status and sort keys differ from the ticket's (migration 0021), and how many there are. */
const doneCopies = async () =>
  (await env.DB.prepare(
    `select count(*) as clocks, coalesce(sum(c.ticket_status is not t.status or c.ticket_updated_at is not t.updated_at or c.ticket_created_at is not t.created_at or c.ticket_number is not t.number), 0) as stale
     from sla_clocks c join tickets t on t.tenant_id = c.tenant_id and t.id = c.ticket_id where c.ticket_open = 0`,
  ).first<{ clocks: number; stale: number }>())!;

describe("the lists by SLA state", () => {
  it("give the tickets with a clock in breach or due soon, open and done, in the list's order, page by page", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace();
    const targets = Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { first_reply: { minutes: 60, businessHours: false }, resolution: { minutes: 600, businessHours: false } }]));
    for (const w of [ws, other]) expect((await call("POST", "/sla-policies", { token: w.token, body: { name: "Reply in an hour", conditions: {}, targets } })).status).toBe(201);
    const subjects = ["late", "marked", "met late", "due soon", "later", "solved late", "closed late", "reopened late", "no clock", "marked 2", "solved twice late", "closed urgent late", "closed met late"];
    const t: Record<string, string> = {};
    for (const subject of subjects) t[subject] = (await newTicket(ws.token, { subject })).id;
    const elsewhere = (await newTicket(other.token, { subject: "other workspace" })).id;
    // Status changes through the API (the clocks are rewritten with the ticket's open flag) and
    // straight in the database (the trigger follows).
    const changes: [string, Record<string, string>][] = [
      ["solved late", { status: "solved" }],
      ["closed late", { status: "solved" }],
      ["closed late", { status: "closed" }],
      ["reopened late", { status: "solved" }],
      ["solved twice late", { status: "solved" }],
      ["closed urgent late", { status: "solved" }],
      ["closed urgent late", { priority: "urgent" }],
      ["closed urgent late", { status: "closed" }],
      ["closed met late", { status: "solved" }],
      ["closed met late", { status: "closed" }],
    ];
    for (const [subject, body] of changes) {
      const res = await call("PATCH", `/tickets/${t[subject]}`, { token: ws.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const now = Date.now();
    const setClock = (ticketId: string, metric: string, state: string, dueAt: number | null, fulfilledAt: number | null = null) =>
      env.DB.prepare("update sla_clocks set state = ?, due_at = ?, fulfilled_at = ?, breached_at = ? where ticket_id = ? and metric = ?")
        .bind(state, dueAt, fulfilledAt, state === "breached" ? dueAt : null, ticketId, metric)
        .run();
    await setClock(t["late"]!, "first_reply", "running", now - 5 * 60_000);
    await setClock(t["marked"]!, "first_reply", "breached", now - 3 * 3_600_000);
    await setClock(t["marked 2"]!, "resolution", "breached", now - 2 * 3_600_000);
    await setClock(t["marked 2"]!, "first_reply", "fulfilled", now + 3_600_000, now - 60_000);
    await setClock(t["met late"]!, "first_reply", "breached", now - 3 * 3_600_000, now - 3_600_000);
    await setClock(t["due soon"]!, "resolution", "running", now + 30 * 60_000);
    await setClock(t["later"]!, "first_reply", "running", now + 5 * 3_600_000);
    for (const subject of ["solved late", "closed late", "reopened late", "solved twice late", "closed urgent late"]) await setClock(t[subject]!, "first_reply", "breached", now - 4 * 3_600_000);
    // A done ticket with two missed deadlines is listed once; one met late is not listed.
    await setClock(t["solved twice late"]!, "resolution", "breached", now - 3_600_000);
    await setClock(t["closed met late"]!, "first_reply", "breached", now - 4 * 3_600_000, now - 3_600_000);
    await env.DB.prepare("delete from sla_clocks where ticket_id = ?").bind(t["no clock"]).run();
    await setClock(elsewhere, "first_reply", "breached", now - 3_600_000);
    await env.DB.prepare("update tickets set status = 'open', updated_at = ? where id = ?").bind(now, t["reopened late"]).run();
    // Every clock's flag is its ticket's (written with the clock, or moved by the trigger).
    const flags = await env.DB.prepare("select count(*) as n from sla_clocks c join tickets t on t.tenant_id = c.tenant_id and t.id = c.ticket_id where c.ticket_open is not (t.status not in ('solved', 'closed'))").first<{ n: number }>();
    expect(flags!.n).toBe(0);
    expect((await doneCopies()).stale).toBe(0);

    const active = "new,open,pending,on_hold";
    const cases: [string, string, unknown[]][] = [
      ["sla=breached", withClock(IN_BREACH), [now]],
      [`sla=breached&status=${active}`, `t.status in ('new', 'open', 'pending', 'on_hold') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=solved,closed", `t.status in ('solved', 'closed') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=closed,open", `t.status in ('closed', 'open') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=solved", `t.status = 'solved' and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=closed&order=asc", `t.status = 'closed' and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&priority=urgent", `t.priority = 'urgent' and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&order=asc", withClock(IN_BREACH), [now]],
      ["sla=due_soon", withClock(DUE_SOON), [now, now + 120 * 60_000]],
      [`sla=due_soon&status=${active}`, `t.status in ('new', 'open', 'pending', 'on_hold') and ${withClock(DUE_SOON)}`, [now, now + 120 * 60_000]],
    ];
    for (const [query, where, params] of cases) {
      const expected = await reference(ws, where, params, query.includes("order=asc") ? "asc" : "desc");
      for (const limit of [1, 2, 100]) expect(await allPages(ws, query, limit), `${query}, limit ${limit}`).toEqual(expected);
    }
    // The other list orders, both ways: done tickets walked by their own index of each.
    for (const sort of ["created_at", "number"] as const)
      for (const order of ["asc", "desc"] as const) {
        const expected = await reference(ws, withClock(IN_BREACH), [now], order, sort);
        for (const limit of [1, 3, 100]) expect(await allPages(ws, `sla=breached&sort=${sort}&order=${order}`, limit), `${sort} ${order}, limit ${limit}`).toEqual(expected);
        const solvedClosed = await reference(ws, `t.status in ('solved', 'closed') and ${withClock(IN_BREACH)}`, [now], order, sort);
        expect(await allPages(ws, `sla=breached&status=solved,closed&sort=${sort}&order=${order}`, 2), `done, ${sort} ${order}`).toEqual(solvedClosed);
      }
    const names = async (query: string) => {
      const ids = await allPages(ws, query, 100);
      return subjects.filter((s) => ids.includes(t[s]!)).sort();
    };
    expect(await names("sla=breached")).toEqual(["closed late", "closed urgent late", "late", "marked", "marked 2", "reopened late", "solved late", "solved twice late"]);
    expect(await names("sla=breached&status=solved,closed")).toEqual(["closed late", "closed urgent late", "solved late", "solved twice late"]);
    expect(await names(`sla=breached&status=${active}`)).toEqual(["late", "marked", "marked 2", "reopened late"]);
    expect(await names("sla=due_soon")).toEqual(["due soon"]);
    expect(await names("sla=breached&sort=number&order=asc")).toEqual(["closed late", "closed urgent late", "late", "marked", "marked 2", "reopened late", "solved late", "solved twice late"]);
  });
});

describe("a breached list with every filter", () => {
  it("binds each value once: every filter, a search of eight short words and a cursor stay within D1's 100 values a statement", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const ticket = await newTicket(ws.token, { tags: ["vip"] });
    const cursor = encodeCursor({ sort: "updated_at:desc", value: Date.now() + 60_000, id: "tkt_zzz" });
    const filters = `priority=low,normal,high,urgent&type=question,incident,problem,complaint,task&assigneeId=none&groupId=none&requesterId=${ticket.requesterId}&updatedSince=2020-01-01T00:00:00Z&tag=vip`;
    for (const status of ["", "&status=new,open,pending,on_hold,solved,closed", "&status=solved"]) {
      const usage = newUsage();
      const query = `sla=breached${status}&${filters}&q=${encodeURIComponent("ab cd ef gh ij kl mn op")}&cursor=${encodeURIComponent(cursor)}`;
      const page = await recordedGet<{ items: unknown[] }>(`/tickets?${query}`, ws.token, usage);
      expect(page.items).toEqual([]);
      expect(Math.max(...usage.sql.map((s) => s.params.length)), status).toBeLessThanOrEqual(100);
    }
  });
});

describe("the copies of a done ticket's status and sort keys on its clocks", () => {
  it("follow the ticket whichever write moves it (triggers), and the migration's backfill sets them", { timeout: 60_000 }, async () => {
    const ws = await newWorkspace();
    const targets = Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { first_reply: { minutes: 60, businessHours: false }, resolution: { minutes: 600, businessHours: false } }]));
    expect((await call("POST", "/sla-policies", { token: ws.token, body: { name: "Reply in an hour", conditions: {}, targets } })).status).toBe(201);
    const [a, b, c] = [await newTicket(ws.token, { subject: "a" }), await newTicket(ws.token, { subject: "b" }), await newTicket(ws.token, { subject: "c" })];
    const clocksOf = (id: string) => env.DB.prepare("select ticket_open as open, ticket_status as status, ticket_updated_at as updatedAt, ticket_number as number from sla_clocks where ticket_id = ? order by metric").bind(id).all();
    // Solved through the API: the clocks are rewritten for a done ticket.
    expect((await call("PATCH", `/tickets/${a.id}`, { token: ws.token, body: { status: "solved" } })).status).toBe(200);
    // A note on the solved ticket moves its updated_at; closing it, its status.
    expect((await call("POST", `/tickets/${a.id}/messages`, { token: ws.token, body: { kind: "note", body: "Refund sent." } })).status).toBe(201);
    expect((await call("PATCH", `/tickets/${a.id}`, { token: ws.token, body: { status: "closed" } })).status).toBe(200);
    // Straight in the database: done to done (no clock rewritten), open to done, a clock written without its open flag.
    await env.DB.prepare("update tickets set updated_at = updated_at + 1000 where id = ?").bind(a.id).run();
    await env.DB.prepare("update tickets set status = 'solved', updated_at = updated_at + 5000 where id = ?").bind(b.id).run();
    await env.DB.prepare(
      "insert into sla_clocks (tenant_id, ticket_id, metric, instance, policy_id, state, started_at, due_at, pauses, target_minutes, business_hours, updated_at) select tenant_id, ticket_id, 'next_reply', 1, policy_id, 'breached', started_at, due_at, '[]', 60, 0, updated_at from sla_clocks where ticket_id = ? and metric = 'first_reply'",
    )
      .bind(b.id)
      .run();
    // Reopened and solved again.
    await env.DB.prepare("update tickets set status = 'open', updated_at = updated_at + 1000 where id = ?").bind(c.id).run();
    expect((await call("PATCH", `/tickets/${c.id}`, { token: ws.token, body: { status: "solved" } })).status).toBe(200);

    const after = await Promise.all([a, b, c].map((t) => clocksOf(t.id)));
    const tickets = await Promise.all([a, b, c].map((t) => env.DB.prepare("select status, updated_at as updatedAt, number from tickets where id = ?").bind(t.id).first()));
    after.forEach((clocks, i) => {
      expect(clocks.results.length).toBeGreaterThan(0);
      for (const clock of clocks.results) expect(clock).toEqual({ open: 0, ...tickets[i] });
    });
    expect(after[1]!.results).toHaveLength(3);
    expect(await doneCopies()).toMatchObject({ stale: 0 });

    // The backfill of migration 0021, run again on copies forgotten, restores them.
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0021_"))!;
    const backfill = migration.queries.find((q) => q.includes("UPDATE `sla_clocks` SET (`ticket_status`"));
    expect(backfill).toBeDefined();
    await env.DB.prepare("update sla_clocks set ticket_status = null, ticket_updated_at = null, ticket_created_at = null, ticket_number = null").run();
    expect((await doneCopies()).stale).toBeGreaterThan(0);
    await env.DB.prepare(backfill!).run();
    expect(await doneCopies()).toMatchObject({ stale: 0 });
  });
});

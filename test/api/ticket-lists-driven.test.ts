import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newTicket, newWorkspace } from "../helpers/api";

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
async function reference(ws: Ws, where: string, params: unknown[], order: "asc" | "desc" = "desc"): Promise<string[]> {
  const rows = await env.DB.prepare(`select t.id from tickets t where t.tenant_id = ? and ${where} order by t.updated_at ${order}, t.id ${order}`)
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

describe("the lists by SLA state", () => {
  it("give the tickets with a clock in breach or due soon, open and done, in the list's order, page by page", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace();
    const targets = Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { first_reply: { minutes: 60, businessHours: false }, resolution: { minutes: 600, businessHours: false } }]));
    for (const w of [ws, other]) expect((await call("POST", "/sla-policies", { token: w.token, body: { name: "Reply in an hour", conditions: {}, targets } })).status).toBe(201);
    const subjects = ["late", "marked", "met late", "due soon", "later", "solved late", "closed late", "reopened late", "no clock", "marked 2"];
    const t: Record<string, string> = {};
    for (const subject of subjects) t[subject] = (await newTicket(ws.token, { subject })).id;
    const elsewhere = (await newTicket(other.token, { subject: "other workspace" })).id;
    // Status changes through the API (the clocks are rewritten with the ticket's open flag) and
    // straight in the database (the trigger follows).
    for (const [subject, status] of [["solved late", "solved"], ["closed late", "solved"], ["closed late", "closed"], ["reopened late", "solved"]] as const) {
      const res = await call("PATCH", `/tickets/${t[subject]}`, { token: ws.token, body: { status } });
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
    for (const subject of ["solved late", "closed late", "reopened late"]) await setClock(t[subject]!, "first_reply", "breached", now - 4 * 3_600_000);
    await env.DB.prepare("delete from sla_clocks where ticket_id = ?").bind(t["no clock"]).run();
    await setClock(elsewhere, "first_reply", "breached", now - 3_600_000);
    await env.DB.prepare("update tickets set status = 'open', updated_at = ? where id = ?").bind(now, t["reopened late"]).run();
    // Every clock's flag is its ticket's (written with the clock, or moved by the trigger).
    const flags = await env.DB.prepare("select count(*) as n from sla_clocks c join tickets t on t.tenant_id = c.tenant_id and t.id = c.ticket_id where c.ticket_open is not (t.status not in ('solved', 'closed'))").first<{ n: number }>();
    expect(flags!.n).toBe(0);

    const active = "new,open,pending,on_hold";
    const cases: [string, string, unknown[]][] = [
      ["sla=breached", withClock(IN_BREACH), [now]],
      [`sla=breached&status=${active}`, `t.status in ('new', 'open', 'pending', 'on_hold') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=solved,closed", `t.status in ('solved', 'closed') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=breached&status=closed,open", `t.status in ('closed', 'open') and ${withClock(IN_BREACH)}`, [now]],
      ["sla=due_soon", withClock(DUE_SOON), [now, now + 120 * 60_000]],
      [`sla=due_soon&status=${active}`, `t.status in ('new', 'open', 'pending', 'on_hold') and ${withClock(DUE_SOON)}`, [now, now + 120 * 60_000]],
    ];
    for (const [query, where, params] of cases) {
      const expected = await reference(ws, where, params);
      for (const limit of [1, 2, 100]) expect(await allPages(ws, query, limit), `${query}, limit ${limit}`).toEqual(expected);
    }
    const names = async (query: string) => {
      const ids = await allPages(ws, query, 100);
      return subjects.filter((s) => ids.includes(t[s]!)).sort();
    };
    expect(await names("sla=breached")).toEqual(["closed late", "late", "marked", "marked 2", "reopened late", "solved late"]);
    expect(await names(`sla=breached&status=${active}`)).toEqual(["late", "marked", "marked 2", "reopened late"]);
    expect(await names("sla=due_soon")).toEqual(["due soon"]);
    expect(await names("sla=breached&sort=number&order=asc")).toEqual(["closed late", "late", "marked", "marked 2", "reopened late", "solved late"]);
  });
});

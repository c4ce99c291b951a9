import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/** Rows written with the first schema, as an existing deployment would hold them. */
const SEED = [
  `insert into tenants (id, name, slug, last_ticket_number, created_at) values ('ten_1', 'Old Tea', 'old-tea', 2, 1700000000000)`,
  `insert into users (id, tenant_id, email, name, role, password_hash, active, created_at, updated_at) values ('usr_1', 'ten_1', 'o@old.example', 'Owner', 'owner', 'pbkdf2-sha256$100000$c2FsdA==$aGFzaA==', 1, 1700000000000, 1700000000000)`,
  `insert into customers (id, tenant_id, name, tier, notes, created_at, updated_at) values ('cus_1', 'ten_1', '陈静', 'vip', '', 1700000000000, 1700000000000)`,
  `insert into customer_emails (tenant_id, email, customer_id, is_primary, created_at) values ('ten_1', 'chen@old.example', 'cus_1', 1, 1700000000000)`,
  `insert into tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, created_at, updated_at) values ('tkt_1', 'ten_1', 1, 'Jasmine tea arrived stale', 'open', 'high', 'complaint', 'email', 'cus_1', 1700000000000, 1700000000000)`,
  `insert into messages (id, tenant_id, ticket_id, kind, author_customer_id, body_text, created_at) values ('msg_1', 'ten_1', 'tkt_1', 'customer', 'cus_1', '茉莉花茶不新鲜了，请退款', 1700000000000)`,
  `insert into ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, new_value, created_at) values ('ten_1', 'tkt_1', 'ticket_created', 'customer', 'cus_1', 'subject', 'Jasmine tea arrived stale', 1700000000000)`,
  `insert into ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, message_id, created_at) values ('ten_1', 'tkt_1', 'customer_message', 'customer', 'cus_1', 'msg_1', 1700000000000)`,
];

const TABLES = ["tenants", "users", "customers", "customer_emails", "tickets", "messages", "ticket_events"];

describe("migrations", () => {
  it("apply to an empty database: every table and the migrations log exist", async () => {
    const names = await env.DB.prepare("select name from sqlite_master where type in ('table') order by name").all<{ name: string }>();
    expect(names.results.map((r) => r.name)).toEqual(expect.arrayContaining([...TABLES, "ticket_search", "outbound_messages", "api_tokens", "sessions"]));
    const applied = await env.DB.prepare("select name from d1_migrations order by id").all<{ name: string }>();
    expect(applied.results.map((r) => r.name)).toEqual(env.TEST_MIGRATIONS.map((m) => m.name));
  });

  it("apply to a database holding data from the first schema and keep every row", async () => {
    const db = env.MIGRATION_DB;
    const [first, ...later] = env.TEST_MIGRATIONS;
    expect(later.length).toBeGreaterThan(0);
    await applyD1Migrations(db, [first!]);
    await db.batch(SEED.map((sql) => db.prepare(sql)));
    const before = await Promise.all(TABLES.map((t) => db.prepare(`select * from ${t} order by 1`).all()));

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const after = await Promise.all(TABLES.map((t) => db.prepare(`select * from ${t} order by 1`).all()));
    // Same rows, every old value kept; columns added later carry their defaults.
    after.forEach((rows, i) => {
      expect(rows.results, TABLES[i]).toHaveLength(before[i]!.results.length);
      rows.results.forEach((row, j) => expect(row, TABLES[i]).toMatchObject(before[i]!.results[j]!));
    });
    expect(after[TABLES.indexOf("messages")]!.results[0]).toMatchObject({ automatic: 0, quoted_text: null });
    // History written before the search migration is searchable after it (backfilled).
    const like = await db.prepare("select distinct ticket_id from ticket_search where tenant_id = 'ten_1' and content like ?").bind("%退款%").all();
    expect(like.results).toEqual([{ ticket_id: "tkt_1" }]);
    const stale = await db.prepare("select distinct ticket_id from ticket_search where ticket_search match ?").bind('"stale"').all();
    expect(stale.results).toEqual([{ ticket_id: "tkt_1" }]);
    // Customers created before the customer search migration are searchable after it (backfilled).
    const customer = await db.prepare("select customer_id from customer_search where tenant_id = 'ten_1' and customer_search match ?").bind('"old.example"').all();
    expect(customer.results).toEqual([{ customer_id: "cus_1" }]);
    // Words of 1-2 CJK characters find rows written before the CJK index migration (backfilled):
    // the message (退款), the customer's name (陈).
    const key = "hex(substr('ten_1', -6))";
    const grams = await db.prepare(`select e.ticket_id from ticket_events e where e.id in (select rowid from ticket_cjk_search where ticket_cjk_search match '"' || ${key} || ? || '"')`).bind("退款").all();
    expect(grams.results).toEqual([{ ticket_id: "tkt_1" }]);
    const named = await db.prepare(`select r.customer_id from customer_search_rows r where r.id in (select rowid from customer_cjk_search where customer_cjk_search match '"' || ${key} || ? || '"')`).bind("陈").all();
    expect(named.results).toEqual([{ customer_id: "cus_1" }]);
    // Applying again is a no-op.
    await applyD1Migrations(db, env.TEST_MIGRATIONS);
    expect((await db.prepare("select count(*) as n from tickets").first<{ n: number }>())!.n).toBe(1);
  });
});

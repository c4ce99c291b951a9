import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

/** Standard replies as a deployment from before macros holds them (docs/rules.md "Macros"). */
const SEED = [
  `insert into tenants (id, name, slug, last_ticket_number, created_at) values ('ten_1', 'Old Tea', 'old-tea', 0, 1700000000000)`,
  `insert into standard_replies (id, tenant_id, title, body, created_at, updated_at) values ('srp_1', 'ten_1', 'Refund on its way', 'Hi {{customer.first_name}}, your refund for {{ticket.number}} is on its way.', 1700000000000, 1700000500000)`,
  `insert into standard_replies (id, tenant_id, title, body, created_at, updated_at) values ('srp_2', 'ten_1', '发货通知', '{{customer.name}}，您的订单已发货。', 1700000100000, 1700000100000)`,
];

describe("the macros migration", () => {
  it("makes every standard reply a shared macro: same id, title and times, the text as a public reply, no actions, unused; the old rows stay", async () => {
    const db = env.MIGRATION_DB;
    const at = env.TEST_MIGRATIONS.findIndex((m) => m.name.endsWith("_macros.sql"));
    expect(at).toBeGreaterThan(0);
    await applyD1Migrations(db, env.TEST_MIGRATIONS.slice(0, at));
    await db.batch(SEED.map((sql) => db.prepare(sql)));

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const macros = await db.prepare("select * from macros order by id").all();
    expect(macros.results).toEqual([
      { id: "srp_1", tenant_id: "ten_1", owner_id: null, title: "Refund on its way", reply_text: "Hi {{customer.first_name}}, your refund for {{ticket.number}} is on its way.", reply_kind: "reply", actions: "[]", usage_count: 0, last_used_at: null, created_at: 1700000000000, updated_at: 1700000500000 },
      { id: "srp_2", tenant_id: "ten_1", owner_id: null, title: "发货通知", reply_text: "{{customer.name}}，您的订单已发货。", reply_kind: "reply", actions: "[]", usage_count: 0, last_used_at: null, created_at: 1700000100000, updated_at: 1700000100000 },
    ]);
    expect((await db.prepare("select count(*) as n from standard_replies").first<{ n: number }>())!.n).toBe(2);
  });
});

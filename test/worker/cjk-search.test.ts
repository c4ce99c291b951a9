import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isCjkGram, searchTerms } from "../../workers/core/tickets/search-query";
import { call, newWorkspace } from "../helpers/api";
import { newUsage, rowsReadOf, type D1Usage } from "../helpers/d1-recorder";
import { recordedGet } from "../helpers/recorded-get";
import type { PlanRow } from "../helpers/query-plan";

/**
 * Words of one or two CJK characters are found through the CJK unigram/bigram indexes of
 * migration 0011 (kept by triggers), with exactly the results of the substring search they
 * replaced, and a search reads only the matching index entries of its workspace.
 */

type Ws = Awaited<ReturnType<typeof newWorkspace>> & { tenantId: string; requesterId: string };

async function workspace(): Promise<Ws> {
  const ws = await newWorkspace();
  const customer = await call("POST", "/customers", { token: ws.token, body: { name: "Li Wei", emails: [`li.wei.${ws.slug}@example.com`] } });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  return { ...ws, tenantId: ws.workspace.id, requesterId: customer.body.id };
}

let sequence = 0;
/**
 * Tickets written straight to the database (as the write paths do: ticket, messages, then their
 * history events, whose triggers keep the indexes): fast enough for hundreds of tickets.
 */
async function insertTickets(ws: Ws, tickets: { subject: string; bodies: string[] }[]): Promise<string[]> {
  const ids: string[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const { subject, bodies } of tickets) {
    const n = ++sequence;
    const id = `tkt_cjk_${n}`;
    ids.push(id);
    statements.push(
      env.DB.prepare(
        "insert into tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, created_at, updated_at) values (?, ?, ?, ?, 'open', 'normal', 'question', 'web', ?, ?, ?)",
      ).bind(id, ws.tenantId, 100_000 + n, subject, ws.requesterId, 1_700_000_000_000 + n, 1_700_000_000_000 + n),
      env.DB.prepare("insert into ticket_events (tenant_id, ticket_id, type, actor_type, field, new_value, created_at) values (?, ?, 'ticket_created', 'system', 'subject', ?, 0)").bind(ws.tenantId, id, subject),
    );
    bodies.forEach((body, i) => {
      const messageId = `msg_cjk_${n}_${i}`;
      statements.push(
        env.DB.prepare("insert into messages (id, tenant_id, ticket_id, kind, body_text, created_at) values (?, ?, ?, 'customer', ?, 0)").bind(messageId, ws.tenantId, id, body),
        env.DB.prepare("insert into ticket_events (tenant_id, ticket_id, type, actor_type, message_id, created_at) values (?, ?, 'customer_message', 'customer', ?, 0)").bind(ws.tenantId, id, messageId),
      );
    });
  }
  for (let i = 0; i < statements.length; i += 200) await env.DB.batch(statements.slice(i, i + 200));
  return ids;
}

async function search(ws: Ws, path: string, q: string, usage = newUsage()): Promise<string[]> {
  const body = await recordedGet<{ items: { id: string }[] }>(`${path}${path.includes("?") ? "&" : "?"}limit=100&q=${encodeURIComponent(q)}`, ws.token, usage);
  return body.items.map((t) => t.id).sort();
}

// Characters at both edges of every CJK range, inside and just outside it, common CJK text,
// full-width forms, punctuation, an emoji and ASCII (LIKE's wildcards too).
const INSIDE = ["\u3040", "\u31FF", "\u3400", "\u9FFF", "\uAC00", "\uD7AF", "\uF900", "\uFAFF", "\u{20000}", "\u{3FFFD}", "茶", "退", "款", "壶", "好", "の", "ア", "한"];
const OUTSIDE = ["\u303F", "\u3002", "\u3200", "\u33FF", "\uA000", "\uD7B0", "\uFB00", "\u{1FFFF}", "\u{3FFFE}", "\uFF11", "😀", "a", "B", "%", "_", " ", "\n"];
const textArb = fc.string({ unit: fc.constantFrom(...INSIDE, ...INSIDE, ...OUTSIDE), maxLength: 24 });
const cjkWordArb = fc.string({ unit: fc.constantFrom(...INSIDE), minLength: 1, maxLength: 2 });

describe("CJK words of one or two characters", () => {
  let ws: Ws;
  beforeAll(async () => {
    ws = await workspace();
  });

  it("are answered through the CJK index", () => {
    fc.assert(
      fc.property(cjkWordArb, (word) => {
        expect(searchTerms(word)).toEqual([{ kind: "gram", value: word }]);
      }),
    );
    for (const word of ["a退", "退。", "ab", "〿", "😀"]) expect(searchTerms(word)[0]!.kind, word).toBe("like");
  });

  it("find exactly the tickets whose current subject or a message contains them, as a substring search does (property)", { timeout: 180_000 }, async () => {
    const texts = new Map<string, { subject: string; bodies: string[] }>();
    const ticketArb = fc.record({ subject: textArb, bodies: fc.array(textArb, { maxLength: 2 }) });
    const runArb = fc.record({
      tickets: fc.array(ticketArb, { minLength: 1, maxLength: 3 }),
      // Later writes the triggers must follow: a new subject, a rewritten (erased) message body.
      newSubject: fc.option(textArb),
      newBody: fc.option(textArb),
      words: fc.array(cjkWordArb, { minLength: 1, maxLength: 3 }),
      wordFromText: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        const ids = await insertTickets(ws, run.tickets);
        ids.forEach((id, i) => texts.set(id, { subject: run.tickets[i]!.subject, bodies: [...run.tickets[i]!.bodies] }));
        const first = ids[0]!;
        if (run.newSubject !== null) {
          await env.DB.prepare("update tickets set subject = ? where tenant_id = ? and id = ?").bind(run.newSubject, ws.tenantId, first).run();
          texts.get(first)!.subject = run.newSubject;
        }
        if (run.newBody !== null && texts.get(first)!.bodies.length) {
          await env.DB.prepare("update messages set body_text = ? where tenant_id = ? and id = ?").bind(run.newBody, ws.tenantId, `msg_cjk_${first.slice(8)}_0`).run();
          texts.get(first)!.bodies[0] = run.newBody;
        }
        // Also a word copied out of a text: one or two characters from a CJK character on.
        const all = [...texts.values()].flatMap((t) => [t.subject, ...t.bodies]).join("\n");
        const chars = [...all];
        const starts = chars.flatMap((c, i) => (INSIDE.includes(c) ? [i] : []));
        const copied = starts.length ? [chars.slice(starts[run.wordFromText % starts.length], starts[run.wordFromText % starts.length]! + 1 + (run.wordFromText % 2)).join("")] : [];
        for (const word of [...run.words, ...copied].filter(isCjkGram)) {
          const expected = [...texts].filter(([, t]) => [t.subject, ...t.bodies].some((text) => text.includes(word))).map(([id]) => id).sort();
          expect(await search(ws, "/tickets", word), `${JSON.stringify(word)} in ${JSON.stringify([...texts.values()])}`).toEqual(expected);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("find nothing of an erased customer's tickets (subjects and messages re-indexed as erased)", async () => {
    const res = await call("POST", "/tickets", { token: ws.token, body: { subject: "茶壶破了", description: "我要退款", requester: { email: "zhao@example.com", name: "赵明月" } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await search(ws, "/tickets", "退款")).toContain(res.body.id);
    expect(await search(ws, "/tickets", "茶壶")).toContain(res.body.id);
    expect(await search(ws, "/customers", "明月")).toEqual([res.body.requesterId]);
    const erased = await call("POST", `/customers/${res.body.requesterId}/erase`, { token: ws.token, body: { confirm: "ERASE" } });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await search(ws, "/tickets", "退款")).not.toContain(res.body.id);
    expect(await search(ws, "/tickets", "茶壶")).not.toContain(res.body.id);
    expect(await search(ws, "/customers", "明月")).toEqual([]);
  });

  it("find customers by name, organisation or address, as a substring search does", async () => {
    const other = await workspace();
    const created = async (target: Ws, body: Record<string, unknown>) => {
      const res = await call("POST", "/customers", { token: target.token, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const wang = await created(ws, { name: "王芳", emails: ["wang.fang@example.com"] });
    const fang = await created(ws, { name: "Fang Li", organization: "芳华茶社", emails: ["fang.li@example.com"] });
    const chen = await created(ws, { name: "Chen", organization: "茶叶公司", emails: ["chen@example.com"] });
    const elsewhere = await created(other, { name: "王芳", emails: ["wang.fang@example.com"] });
    expect(await search(ws, "/customers", "王")).toEqual([wang]);
    expect(await search(ws, "/customers", "芳")).toEqual([wang, fang].sort());
    expect(await search(ws, "/customers", "茶叶")).toEqual([chen]);
    expect(await search(other, "/customers", "王芳")).toEqual([elsewhere]);
    // A new name, a removed address: the index follows.
    expect((await call("PATCH", `/customers/${wang}`, { token: ws.token, body: { name: "Wang" } })).status).toBe(200);
    expect(await search(ws, "/customers", "王")).toEqual([]);
    expect(await search(ws, "/customers", "芳")).toEqual([fang]);
    expect((await call("PATCH", `/customers/${chen}`, { token: ws.token, body: { organization: "Tea Co." } })).status).toBe(200);
    expect(await search(ws, "/customers", "茶叶")).toEqual([]);
  });
});

/**
 * Plan lines that read a growing table whole, or all of a workspace's rows of one (a search by
 * the tenant alone). Allowed: the CJK index itself (also by rowid, `s`), a subquery's own rows
 * (the ticket's tags; the search's counts and walk, `search_*`), and the search's walk in the
 * list's order, bounded by a constant (WALK_TICKETS / SEEK_TICKETS, ticket-search.ts; not taken
 * for a word with few matches, whose reads the next test shows flat).
 */
function wideReads(plan: PlanRow[]): string[] {
  return plan
    .map((p) => p.detail)
    .filter((d) => (d.startsWith("SCAN") && !/^SCAN (\w+_cjk_search VIRTUAL TABLE|s VIRTUAL TABLE INDEX \d+:=M|\(subquery-\d+\)$|search_\w+$)/.test(d)) || (/^SEARCH \w+ USING (COVERING )?INDEX \w+ \(tenant_id=\?\)$/.test(d) && !/^SEARCH tickets USING (COVERING )?INDEX tickets_tenant_updated \(tenant_id=\?\)$/.test(d)));
}

async function plansOf(usage: D1Usage) {
  return Promise.all(
    usage.sql.map(async ({ sql, params }) => ({ sql, plan: (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<PlanRow>()).results })),
  );
}

describe("a CJK search's reads", () => {
  let ws: Ws;
  let matching: string[];
  beforeAll(async () => {
    ws = await workspace();
    matching = await insertTickets(ws, [
      { subject: "我要退款", bodies: ["订单 1234"] },
      { subject: "Refund", bodies: ["Hello", "茶壶破了，请退款。"] },
      { subject: "退", bodies: [] },
    ]);
  });

  const unrelated = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ subject: `茶叶订单 ${i}`, bodies: ["您好，我的茶叶什么时候发货？".repeat(3), "Where is my order? ab"] }));

  it("go through the index, never a scan of tickets or messages (EXPLAIN QUERY PLAN), for 1 and 2 characters", async () => {
    const cases = [["/tickets", "退款"], ["/tickets", "退"], ["/tickets?status=open,new", "退款"], ["/tickets", "退 订单"], ["/customers", "王芳"], ["/customers", "王"]] as const;
    for (const [path, word] of cases) {
      const usage = newUsage();
      await search(ws, path, word, usage);
      const plans = await plansOf(usage);
      const searched = plans.filter((p) => p.sql.includes("_cjk_search"));
      expect(searched, `${path} ${word}: ${usage.sql.map((s) => s.sql).join("\n")}`).toHaveLength(1);
      expect(searched[0]!.plan.map((p) => p.detail).join("\n")).toMatch(/_cjk_search VIRTUAL TABLE INDEX/);
      for (const { sql, plan } of plans) expect(wideReads(plan), `${word}: ${sql}\n${plan.map((p) => p.detail).join("\n")}`).toEqual([]);
    }
    // The check can fail: the substring fallback of a short non-CJK word reads the workspace's rows.
    const usage = newUsage();
    await search(ws, "/tickets", "ab", usage);
    expect((await plansOf(usage)).flatMap((p) => wideReads(p.plan)).length).toBeGreaterThan(0);
  });

  it("do not grow with the number of unrelated tickets and messages", { timeout: 180_000 }, async () => {
    await insertTickets(ws, unrelated(100));
    const measure = async (word: string) => {
      const usage = newUsage();
      const found = await search(ws, "/tickets", word, usage);
      return { found, rowsRead: await rowsReadOf(env.DB, usage) };
    };
    const before = { twoChars: await measure("退款"), oneChar: await measure("退"), fallback: await measure("zq") };
    await insertTickets(ws, unrelated(300));
    const after = { twoChars: await measure("退款"), oneChar: await measure("退"), fallback: await measure("zq") };
    console.log(`rows read per search, 103 → 403 tickets: 退款 ${before.twoChars.rowsRead} → ${after.twoChars.rowsRead}, 退 ${before.oneChar.rowsRead} → ${after.oneChar.rowsRead}, zq (LIKE) ${before.fallback.rowsRead} → ${after.fallback.rowsRead}`);
    expect(before.twoChars.found).toEqual([matching[0], matching[1]].sort());
    expect(before.oneChar.found).toEqual([...matching].sort());
    expect(after.twoChars).toEqual(before.twoChars);
    expect(after.oneChar).toEqual(before.oneChar);
    // What the index saves: the substring scan of a word nowhere to be found reads every message
    // (the 300 tickets added 600).
    expect(after.fallback.rowsRead).toBeGreaterThanOrEqual(before.fallback.rowsRead + 600);
  });
});

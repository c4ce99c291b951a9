// Cron-tick benchmark Worker (bench/run-cron-bench.mjs); never deployed.
//
//   POST /seed?from=&to=&perTenant=&now=&duePerMille=[&tags=0][&automations=N]  generates tenants [from, to) with their users,
//        customers, SLA policy, N automations, tickets, history, SLA clocks, outbound mail and rate-limit rows, with a
//        few INSERT … SELECT statements over a recursive CTE (the runner calls it chunk by chunk).
//   GET  /stats?now=<ms>                               rows per table, the database size, clocks due at `now`.
//   POST /tick?at=<ms>&explain=1                       runs the REAL scheduled handler of workers/main.ts
//        once at scheduledTime `at`, counting every D1 statement it sends (rows read and written, per
//        statement text), and with explain=1 returns EXPLAIN QUERY PLAN for each distinct statement.
import kefu from "../../workers/main";

type BenchEnv = Omit<Env, "ASSETS">;

const MINUTE = 60_000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Counting the tick's D1 statements
//
// Drizzle reads rows with D1's `raw()`, which drops the result metadata (rows_read, rows_written),
// so a proxy over the public D1 API cannot see what most queries read. Every D1 call (`all`, `run`,
// `raw`, `first`, `batch`, `exec`) goes through one transport method of the binding's session,
// whose answers still carry the metadata: `_send` (HTTP) or `_queryOrThrow` (JSRPC, behind the
// d1_binding_jsrpc flag). The bench wraps that method for the duration of one tick: nothing the
// tick sees changes. It relies on workerd internals and says so loudly if they are not there.
// ---------------------------------------------------------------------------------------------

interface D1Meta {
  rows_read?: number;
  rows_written?: number;
}
interface D1Answer {
  success?: boolean;
  meta?: D1Meta;
}
interface StatementStats {
  sql: string;
  calls: number;
  rowsRead: number;
  rowsWritten: number;
  params: unknown[];
}
type Transport = (this: unknown, ...args: unknown[]) => Promise<unknown>;

class Counter {
  roundTrips = 0;
  statements = 0;
  rowsRead = 0;
  rowsWritten = 0;
  failed = 0;
  readonly bySql = new Map<string, StatementStats>();

  record(sqls: string[], params: unknown[][], answers: D1Answer[]) {
    this.roundTrips++;
    sqls.forEach((sql, i) => {
      const meta = answers[i]?.meta ?? {};
      if (answers[i]?.success === false) this.failed++;
      const read = meta.rows_read ?? 0;
      const written = meta.rows_written ?? 0;
      this.statements++;
      this.rowsRead += read;
      this.rowsWritten += written;
      const stats = this.bySql.get(sql) ?? { sql, calls: 0, rowsRead: 0, rowsWritten: 0, params: params[i] ?? [] };
      stats.calls++;
      stats.rowsRead += read;
      stats.rowsWritten += written;
      this.bySql.set(sql, stats);
    });
  }
}

/** Wraps the D1 binding's transport so `counter` sees every statement; returns the undo. */
function countStatements(db: D1Database, counter: Counter): () => void {
  const session = (db as unknown as { alwaysPrimarySession?: Record<string, unknown> }).alwaysPrimarySession;
  const send = session?._send as Transport | undefined;
  const query = session?._queryOrThrow as Transport | undefined;
  if (!session || typeof send !== "function")
    throw new Error("bench: this workerd's D1 binding has no alwaysPrimarySession._send; update countStatements() in bench/cron/worker.ts");
  session._send = async function (this: unknown, endpoint: unknown, sql: unknown, params: unknown, ...rest: unknown[]) {
    const answer = await send.call(this, endpoint, sql, params, ...rest);
    const many = Array.isArray(sql);
    counter.record(
      (many ? sql : [sql]) as string[],
      (many ? params : [params]) as unknown[][],
      (Array.isArray(answer) ? answer : [answer]) as D1Answer[],
    );
    return answer;
  };
  if (typeof query === "function")
    session._queryOrThrow = async function (this: unknown, request: unknown, ...rest: unknown[]) {
      const answers = (await query.call(this, request, ...rest)) as D1Answer[];
      const queries = (request as { queries: { sql: string; params?: unknown[] }[] }).queries;
      counter.record(
        queries.map((q) => q.sql),
        queries.map((q) => q.params ?? []),
        answers,
      );
      return answers;
    };
  return () => {
    delete session._send;
    delete session._queryOrThrow;
  };
}

/** EXPLAIN QUERY PLAN of one statement, as indented lines (like the sqlite3 shell prints it). */
async function planOf(db: D1Database, sql: string, params: unknown[]): Promise<string[]> {
  try {
    const { results } = await db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ id: number; parent: number; detail: string }>();
    const depth = new Map<number, number>([[0, -1]]);
    return results.map((row) => {
      const d = (depth.get(row.parent) ?? -1) + 1;
      depth.set(row.id, d);
      return `${"  ".repeat(d)}${row.detail}`;
    });
  } catch (error) {
    return [`(no plan: ${String(error)})`];
  }
}

async function tick(env: BenchEnv, at: number, explain: boolean, ctx: ExecutionContext) {
  const counter = new Counter();
  const cronLines: string[] = [];
  const log = console.log;
  const undo = countStatements(env.DB, counter);
  console.log = (...args: unknown[]) => {
    const line = args.map(String).join(" ");
    if (line.includes('"event":"cron"')) cronLines.push(line);
    log(...args);
  };
  const controller = { scheduledTime: at, cron: "* * * * *", noRetry() {} } as ScheduledController;
  const started = Date.now();
  let error: string | null = null;
  try {
    await kefu.scheduled(controller, env as Env, ctx);
  } catch (e) {
    error = e instanceof Error ? `${e.message}${e.cause ? ` (cause: ${String(e.cause)})` : ""}` : String(e);
  } finally {
    console.log = log;
    undo();
  }
  const ms = Date.now() - started;
  const statements = [...counter.bySql.values()].sort((a, b) => b.rowsRead - a.rowsRead || b.calls - a.calls);
  const summary = cronLines.length ? (JSON.parse(cronLines.at(-1)!) as Record<string, unknown>) : null;
  return {
    at,
    ms,
    error,
    summary,
    roundTrips: counter.roundTrips,
    queries: counter.statements,
    failedQueries: counter.failed,
    rowsRead: counter.rowsRead,
    rowsWritten: counter.rowsWritten,
    statements: await Promise.all(
      statements.map(async (s) => ({
        sql: s.sql,
        calls: s.calls,
        rowsRead: s.rowsRead,
        rowsWritten: s.rowsWritten,
        ...(explain ? { plan: await planOf(env.DB, s.sql, s.params) } : {}),
      })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The data set
//
// Per tenant: an owner and four agents, one customer (with one address) per ten tickets, one SLA
// policy (first reply and resolution targets in calendar time, warnings 30 minutes ahead,
// escalation to urgent on breach), and `perTenant` tickets. Each ticket g (numbered across all
// tenants) falls in a per-mille bucket ((g × 7919) mod 1000, a permutation of every 1000
// consecutive tickets, so each tenant gets its share):
//
//   due        open, resolution clock running and past due (due ≤ now): breach alerts to send
//   warn       open, resolution clock running, inside its warning window (warn ≤ now < due)
//   autoclose  solved more than 4 days ago: the workspace's auto-close is due
//   running    open, clock running, neither warning nor breach due for at least 30 minutes
//   pending    waiting on the customer: resolution clock paused
//   solved     solved in the last 3.5 days
//   closed     the rest, created over the past year
//
// Every ticket has the history the SLA code derives its clocks from (created, status and priority
// set, the customer's message, an agent's reply 30 minutes later, then pending / solved / closed),
// and the two clocks that history gives (first reply fulfilled; resolution as above), so the
// tick's recomputation of a ticket finds what the application would have written. No message
// rows: the history's message_id is null (the SLA code then treats a message as not automatic).
// Tags (unless tags=0): 'billing' on every 2nd ticket, 'shipping' on every 3rd, 'vip' on every 5th
// (1.03 per ticket on average).
// ---------------------------------------------------------------------------------------------

interface Mix {
  due: number;
  warn: number;
  autoclose: number;
  running: number;
  pending: number;
  solved: number;
}

function mixFor(duePerMille: number): Mix {
  const half = duePerMille > 0 ? Math.max(1, Math.round(duePerMille / 2)) : 0;
  return { due: duePerMille, warn: half, autoclose: half, running: 50, pending: 20, solved: 30 };
}

const int = (value: string | null, name: string, min = 0): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`bad ${name}: ${value}`);
  return n;
};

const TARGETS = JSON.stringify({
  low: { first_reply: { minutes: 480, businessHours: false }, resolution: { minutes: 2880, businessHours: false } },
  normal: { first_reply: { minutes: 240, businessHours: false }, resolution: { minutes: 1440, businessHours: false } },
  high: { first_reply: { minutes: 60, businessHours: false }, resolution: { minutes: 480, businessHours: false } },
  urgent: { first_reply: { minutes: 30, businessHours: false }, resolution: { minutes: 240, businessHours: false } },
});

// Automations (issue 15): `automationsPer` per tenant, cycling through these rules — every moment a
// time condition counts from, the presets' shapes, text and reply-count conditions — all due at the
// first tick (next_run_at one minute before it).
const AUTOMATION_TEMPLATES: { conditions: unknown; actions: unknown }[] = [
  { conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 72, calendarId: null }], any: [] }, actions: [{ type: "add_tags", tags: ["nudged"] }] },
  { conditions: { all: [{ field: "status", op: "is", value: ["pending"] }, { field: "hours_since", since: "pending", op: "gt", value: 168, calendarId: null }], any: [] }, actions: [{ type: "set_status", value: "solved" }, { type: "add_note", body: "Solved: no answer for 7 days." }] },
  { conditions: { all: [{ field: "requester_tier", op: "is", value: ["vip"] }, { field: "assignee", op: "is", value: [null] }, { field: "status", op: "is", value: ["new", "open"] }, { field: "hours_since", since: "created", op: "gt", value: 0.5, calendarId: null }], any: [] }, actions: [{ type: "add_note", body: "VIP waiting." }] },
  { conditions: { all: [{ field: "type", op: "is", value: ["complaint"] }, { field: "hours_since", since: "solved", op: "gt", value: 0, calendarId: null }], any: [] }, actions: [{ type: "create_follow_up", dueInBusinessDays: 2, calendarId: null }] },
  { conditions: { all: [{ field: "status", op: "is", value: ["open"] }, { field: "hours_since", since: "updated", op: "gt", value: 48, calendarId: null }], any: [] }, actions: [{ type: "set_priority", value: "high" }] },
  { conditions: { all: [{ field: "hours_since", since: "last_customer_message", op: "gt", value: 24, calendarId: null }, { field: "text", op: "contains_any", value: ["refund"] }], any: [] }, actions: [{ type: "add_tags", tags: ["refund_wait"] }] },
  { conditions: { all: [{ field: "status", op: "is_not", value: ["solved"] }, { field: "hours_since", since: "last_agent_message", op: "gt", value: 96, calendarId: null }, { field: "reply_count", op: "lt", value: 2 }], any: [] }, actions: [{ type: "add_tags", tags: ["quiet"] }] },
];

function automationsStatement(tenantSeq: string, per: number, now: number): string {
  const values = Array.from({ length: per }, (_, i) => {
    const t = AUTOMATION_TEMPLATES[i % AUTOMATION_TEMPLATES.length]!;
    return `(${i}, '${JSON.stringify(t.conditions)}', '${JSON.stringify(t.actions)}')`;
  }).join(", ");
  return `INSERT INTO automations (id, tenant_id, name, description, active, position, conditions, actions, fired_count, next_run_at, created_at, updated_at)
    ${tenantSeq}, a(i, conditions, actions) AS (VALUES ${values})
    SELECT 'aut_b' || p || '_' || printf('%02d', i), 'tnt_b' || p, 'Automation ' || i, '', 1, i, a.conditions, a.actions, 0, ${now - MINUTE}, ${now - 400 * DAY}, ${now - 400 * DAY} FROM tn, a`;
}

/** The statements that seed tenants [from, to); all numbers are validated integers. */
function seedStatements(from: number, to: number, perTenant: number, now: number, mix: Mix, tags: boolean, automationsPer = 0): [string, string][] {
  const tenantsN = to - from;
  const customersPer = Math.max(1, Math.ceil(perTenant / 10));
  const tenantSeq = `WITH RECURSIVE s(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ${to}), tn AS (SELECT n, printf('%05d', n) AS p FROM s)`;
  const b1 = mix.due;
  const b2 = b1 + mix.warn;
  const b3 = b2 + mix.autoclose;
  const b4 = b3 + mix.running;
  const b5 = b4 + mix.pending;
  const b6 = b5 + mix.solved;
  if (b6 > 1000) throw new Error("due share too large");
  const M = MINUTE;
  // One row per ticket of the chunk, with its kind and every instant of its history.
  const tickets = `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${tenantsN * perTenant}),
    base AS (SELECT ${from} + n / ${perTenant} AS tn, n % ${perTenant} AS k, ${from * perTenant} + n AS g FROM seq),
    kinds AS (SELECT tn, k, g, CASE
        WHEN (g * 7919) % 1000 < ${b1} THEN 'due' WHEN (g * 7919) % 1000 < ${b2} THEN 'warn' WHEN (g * 7919) % 1000 < ${b3} THEN 'autoclose'
        WHEN (g * 7919) % 1000 < ${b4} THEN 'running' WHEN (g * 7919) % 1000 < ${b5} THEN 'pending' WHEN (g * 7919) % 1000 < ${b6} THEN 'solved'
        ELSE 'closed' END AS kind FROM base),
    solve AS (SELECT *, CASE kind WHEN 'solved' THEN ${now} - (1 + g % 5000) * ${M} WHEN 'autoclose' THEN ${now - 4 * DAY} - (1 + g % 1440) * ${M} END AS s FROM kinds),
    created AS (SELECT *, CASE kind
        WHEN 'due' THEN ${now - 1440 * M} - (1 + g % 600) * ${M}
        WHEN 'warn' THEN ${now - 1440 * M} + (1 + g % 29) * ${M}
        WHEN 'running' THEN ${now} - (60 + g % 1320) * ${M}
        WHEN 'pending' THEN ${now} - (120 + g % 5000) * ${M}
        WHEN 'closed' THEN ${now - 5 * DAY} - (g % 525600) * ${M}
        ELSE s - ${600 * M} END AS c FROM solve),
    t AS (SELECT tn, k, g, kind, c,
        'tnt_b' || printf('%05d', tn) AS tenant_id,
        'tkt_b' || printf('%05d', tn) || '_' || printf('%07d', k) AS ticket_id,
        'cus_b' || printf('%05d', tn) || '_' || printf('%06d', k % ${customersPer}) AS requester_id,
        'usr_b' || printf('%05d', tn) || '_' || (1 + k % 4) AS assignee_id,
        c + ${30 * M} AS reply_at,
        CASE WHEN kind = 'closed' THEN c + ${600 * M} ELSE s END AS solved_at,
        CASE WHEN kind = 'closed' THEN c + ${600 * M + 4 * DAY} END AS closed_at,
        CASE WHEN kind = 'pending' THEN c + ${60 * M} END AS pending_at,
        CASE WHEN kind IN ('due', 'warn', 'running') THEN 'open' WHEN kind = 'pending' THEN 'pending'
             WHEN kind IN ('solved', 'autoclose') THEN 'solved' ELSE 'closed' END AS status
      FROM created)`;
  const iso = (col: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${col} / 1000.0, 'unixepoch')`;
  const event = (type: string, actorType: string, actorId: string, field: string, oldValue: string, newValue: string, at: string, where = "1") =>
    `INSERT INTO ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, field, old_value, new_value, message_id, created_at)
     ${tickets} SELECT tenant_id, ticket_id, '${type}', '${actorType}', ${actorId}, ${field}, ${oldValue}, ${newValue}, NULL, ${at} FROM t WHERE ${where}`;
  return [
    [
      "tenants",
      `INSERT INTO tenants (id, name, slug, last_ticket_number, created_at)
       ${tenantSeq} SELECT 'tnt_b' || p, 'Bench workspace ' || n, 'bench-' || p, ${perTenant}, ${now - 400 * DAY} FROM tn`,
    ],
    [
      "users",
      `INSERT INTO users (id, tenant_id, email, name, role, password_hash, active, created_at, updated_at)
       ${tenantSeq}, u(i) AS (VALUES (0), (1), (2), (3), (4))
       SELECT 'usr_b' || p || '_' || i, 'tnt_b' || p, CASE i WHEN 0 THEN 'owner' ELSE 'agent' || i END || '@bench-' || p || '.example',
              CASE i WHEN 0 THEN 'Owner' ELSE 'Agent ' || i END, CASE i WHEN 0 THEN 'owner' ELSE 'agent' END,
              'pbkdf2-sha256$1$YmVuY2g$YmVuY2g', 1, ${now - 400 * DAY}, ${now - 400 * DAY}
       FROM tn, u`,
    ],
    [
      "customers",
      `INSERT INTO customers (id, tenant_id, name, tier, notes, created_at, updated_at)
       WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ${tenantsN * customersPer}),
       c AS (SELECT printf('%05d', ${from} + n / ${customersPer}) AS p, printf('%06d', n % ${customersPer}) AS q FROM s)
       SELECT 'cus_b' || p || '_' || q, 'tnt_b' || p, 'Customer ' || q, 'standard', '', ${now - 400 * DAY}, ${now - 400 * DAY} FROM c`,
    ],
    [
      "customer_emails",
      `INSERT INTO customer_emails (tenant_id, email, customer_id, is_primary, created_at)
       SELECT tenant_id, 'c' || substr(id, -6) || '@customers-' || substr(tenant_id, -5) || '.example', id, 1, created_at
       FROM customers WHERE tenant_id >= 'tnt_b${String(from).padStart(5, "0")}' AND tenant_id < 'tnt_b${String(to).padStart(5, "0")}'`,
    ],
    [
      "sla_policies",
      `INSERT INTO sla_policies (id, tenant_id, name, position, active, conditions, targets, paused_statuses, warn_before_minutes, escalate_priority, created_at, updated_at)
       ${tenantSeq} SELECT 'sla_b' || p, 'tnt_b' || p, 'Default', 0, 1, '{}', '${TARGETS}', '["pending","on_hold"]', 30, 'urgent', ${now - 400 * DAY}, ${now - 400 * DAY} FROM tn`,
    ],
    [
      "tickets",
      // Closed tickets had their survey decided long ago; recent solves still wait for theirs.
      `INSERT INTO tickets (id, tenant_id, number, subject, status, priority, type, channel, requester_id, assignee_id, created_at, updated_at, first_response_at, solved_at, closed_at, survey_for_solve,
                            status_changed_at, last_customer_message_at, last_agent_message_at)
       ${tickets} SELECT ticket_id, tenant_id, k + 1, 'Order question ' || g, status, 'normal', CASE WHEN g % 7 = 0 THEN 'complaint' ELSE 'question' END, 'email', requester_id, assignee_id,
                         c, coalesce(closed_at, solved_at, pending_at, reply_at), reply_at, solved_at, closed_at, CASE WHEN closed_at IS NOT NULL THEN solved_at END,
                         coalesce(closed_at, solved_at, pending_at, reply_at), c, reply_at FROM t`,
    ],
    [
      "ticket_tags",
      `INSERT INTO ticket_tags (tenant_id, ticket_id, tag)
       ${tickets}, tag(name, every) AS (VALUES ('billing', 2), ('shipping', 3), ('vip', 5))
       SELECT tenant_id, ticket_id, name FROM t, tag WHERE ${tags ? "g % every = 0" : "0"}`,
    ],
    ["ticket_events (created)", event("ticket_created", "customer", "requester_id", "'subject'", "NULL", "'Order question ' || g", "c")],
    ["ticket_events (status new)", event("field_change", "customer", "requester_id", "'status'", "NULL", "'new'", "c")],
    ["ticket_events (priority)", event("field_change", "customer", "requester_id", "'priority'", "NULL", "'normal'", "c")],
    ["ticket_events (message)", event("customer_message", "customer", "requester_id", "NULL", "NULL", "NULL", "c")],
    ["ticket_events (reply)", event("public_reply", "agent", "assignee_id", "NULL", "NULL", "NULL", "reply_at")],
    ["ticket_events (status open)", event("field_change", "agent", "assignee_id", "'status'", "'new'", "'open'", "reply_at")],
    ["ticket_events (status pending)", event("field_change", "agent", "assignee_id", "'status'", "'open'", "'pending'", "pending_at", "kind = 'pending'")],
    ["ticket_events (status solved)", event("field_change", "agent", "assignee_id", "'status'", "'open'", "'solved'", "solved_at", "solved_at IS NOT NULL")],
    ["ticket_events (status closed)", event("field_change", "system", "NULL", "'status'", "'solved'", "'closed'", "closed_at", "kind = 'closed'")],
    [
      "sla_clocks (first reply)",
      `INSERT INTO sla_clocks (tenant_id, ticket_id, metric, instance, policy_id, state, started_at, due_at, warn_at, fulfilled_at, breached_at, pauses, target_minutes, business_hours, updated_at)
       ${tickets} SELECT tenant_id, ticket_id, 'first_reply', 1, 'sla_b' || printf('%05d', tn), 'fulfilled', c, c + ${240 * M}, NULL, reply_at, NULL, '[]', 240, 0, reply_at FROM t`,
    ],
    [
      "sla_clocks (resolution)",
      `INSERT INTO sla_clocks (tenant_id, ticket_id, metric, instance, policy_id, state, started_at, due_at, warn_at, fulfilled_at, breached_at, pauses, target_minutes, business_hours, updated_at)
       ${tickets} SELECT tenant_id, ticket_id, 'resolution', 1, 'sla_b' || printf('%05d', tn),
         CASE WHEN kind IN ('due', 'warn', 'running') THEN 'running' WHEN kind = 'pending' THEN 'paused' ELSE 'fulfilled' END, c,
         CASE WHEN kind = 'pending' THEN NULL ELSE c + ${1440 * M} END,
         CASE WHEN kind IN ('due', 'warn', 'running') THEN c + ${1410 * M} END,
         solved_at, NULL,
         CASE WHEN kind = 'pending' THEN '[{"from":"' || ${iso("pending_at")} || '","to":null}]' ELSE '[]' END,
         1440, 0, coalesce(solved_at, pending_at, reply_at) FROM t`,
    ],
    [
      "outbound_messages (sent)",
      `INSERT INTO outbound_messages (id, tenant_id, ticket_id, purpose, from_address, from_name, to_address, subject, body_text, email_message_id, headers, status, attempts, next_attempt_at, sent_at, created_at, updated_at)
       ${tickets} SELECT 'out_b' || g, tenant_id, ticket_id, 'reply', 'bench-' || printf('%05d', tn) || '@kefu.localhost', 'Bench', 'customer@example.com',
         'Re: Order question ' || g, 'Thanks for writing.', 'out-b' || g || '@kefu.localhost', '{}', 'sent', 1, NULL, reply_at, reply_at, reply_at FROM t WHERE g % 10 = 0`,
    ],
    [
      "outbound_messages (failed, retry due)",
      `INSERT INTO outbound_messages (id, tenant_id, ticket_id, purpose, from_address, from_name, to_address, subject, body_text, email_message_id, headers, status, attempts, last_error, next_attempt_at, created_at, updated_at)
       ${tickets} SELECT 'outf_b' || g, tenant_id, ticket_id, 'reply', 'bench-' || printf('%05d', tn) || '@kefu.localhost', 'Bench', 'customer@example.com',
         'Re: Order question ' || g, 'Thanks for writing.', 'outf-b' || g || '@kefu.localhost', '{}', 'failed', 1, '451 try again later',
         ${now} - (1 + g % 60) * ${M}, ${now - 120 * M}, ${now - 120 * M} FROM t WHERE g % 1000 = 5`,
    ],
    ...(automationsPer > 0 ? [["automations", automationsStatement(tenantSeq, automationsPer, now)] as [string, string]] : []),
    [
      "rate_limits",
      `INSERT INTO rate_limits (key, window_start, count)
       ${tenantSeq}, r(i) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))
       SELECT 'bench:' || p || ':' || i, CASE WHEN i < 5 THEN ${now - 2 * DAY} ELSE ${now - 10 * M} END, 1 FROM tn, r`,
    ],
  ];
}

async function seed(env: BenchEnv, url: URL) {
  const from = int(url.searchParams.get("from"), "from");
  const to = int(url.searchParams.get("to"), "to", from + 1);
  const perTenant = int(url.searchParams.get("perTenant"), "perTenant", 1);
  const now = int(url.searchParams.get("now"), "now", 1);
  const mix = mixFor(int(url.searchParams.get("duePerMille"), "duePerMille"));
  const tags = url.searchParams.get("tags") !== "0";
  const automationsPer = int(url.searchParams.get("automations") ?? "0", "automations");
  const steps = [];
  for (const [name, sql] of seedStatements(from, to, perTenant, now, mix, tags, automationsPer)) {
    const started = Date.now();
    const result = await env.DB.prepare(sql).run();
    steps.push({ name, ms: Date.now() - started, rowsWritten: result.meta.rows_written, changes: result.meta.changes });
  }
  return { from, to, perTenant, mix, tags, steps };
}

const COUNTED = ["tenants", "users", "customers", "customer_emails", "sla_policies", "automations", "automation_firings", "tickets", "ticket_tags", "ticket_events", "ticket_search", "sla_clocks", "sla_alerts", "outbound_messages", "rate_limits"];

async function stats(env: BenchEnv, now: number) {
  const rows: Record<string, number> = {};
  let size = 0;
  for (const table of COUNTED) {
    const result = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).all<{ n: number }>();
    rows[table] = result.results[0]?.n ?? 0;
    size = Number(result.meta.size_after ?? size);
  }
  const running = await env.DB.prepare(
    "SELECT sum(due_at <= ?1) AS due, sum(warn_at <= ?1 AND due_at > ?1) AS warn, count(*) AS running FROM sla_clocks WHERE state = 'running'",
  )
    .bind(now)
    .all();
  return { rows, databaseBytes: size, running: running.results[0] };
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    try {
      if (request.method === "POST" && url.pathname === "/seed") return Response.json(await seed(env, url));
      if (request.method === "GET" && url.pathname === "/stats") return Response.json(await stats(env, int(url.searchParams.get("now"), "now", 1)));
      if (request.method === "POST" && url.pathname === "/tick")
        return Response.json(await tick(env, int(url.searchParams.get("at"), "at", 1), url.searchParams.get("explain") === "1", ctx));
      if (url.pathname === "/") return new Response("kefu cron bench");
      return new Response("not found", { status: 404 });
    } catch (error) {
      return Response.json({ error: error instanceof Error ? `${error.message}${error.cause ? ` (cause: ${String(error.cause)})` : ""}` : String(error) }, { status: 500 });
    }
  },
} satisfies ExportedHandler<BenchEnv>;

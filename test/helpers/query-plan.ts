/**
 * Reading a statement's EXPLAIN QUERY PLAN for reads that grow with the workspace (or with the
 * number of workspaces). Two kinds of finding:
 *
 * - a full scan: `SCAN <table>` of a real table (a subquery's or VALUES' own rows, a constant
 *   row and a full-text MATCH are not scans of a table);
 * - a wide search: `SEARCH <table> USING INDEX … (…)` over a table that grows with use, whose
 *   constraints pick no narrow range: only `tenant_id=?` and other low-cardinality columns
 *   (status, kind, state, …), or an `IS NOT NULL` that SQLite runs as a range over everything
 *   that has a value. A range as wide as the workspace is a scan in disguise (the public
 *   reply's thread lookup read every emailed message of the workspace through
 *   `(tenant_id, email_message_id)`). A tenant-scoped statement that searches a tenant-owned
 *   table by a range on an index not led by tenant_id reads every workspace's rows in that
 *   range: a wide search too.
 *
 * A wide search is fine where it is the outer loop of a statement with a LIMIT whose ORDER BY
 * the index satisfies (no temporary B-tree for the whole ORDER BY): the read stops after LIMIT
 * rows (keyset pages). Inserts of VALUES are not checked for wide searches (their plans list the
 * foreign-key checks, which are key lookups).
 */
export interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/**
 * Tables that grow with use inside one workspace (rows per ticket, message, mail, event,
 * request). The others (users, groups, policies, calendars, webhooks, addresses, settings)
 * are a workspace's configuration: reading all of one workspace's rows is fine.
 */
export const GROWING_TABLES = new Set([
  "tickets",
  "messages",
  "ticket_events",
  "ticket_tags",
  "ticket_participants",
  "ticket_search",
  "attachments",
  "customers",
  "customer_emails",
  "customer_search",
  "customer_search_rows",
  "inbound_messages",
  "outbound_messages",
  "mail_deliveries",
  "sla_clocks",
  "sla_alerts",
  "surveys",
  "webhook_deliveries",
  "notifications",
  "audit_events",
  "work_items",
  "idempotency_keys",
  "sessions",
  "rate_limits",
  "api_tokens",
  "invitations",
]);

/** Columns whose equality picks a large share of a table (a status, a kind, a flag): no narrower than the workspace. */
const LOW_CARDINALITY = new Set(["tenant_id", "status", "ticket_status", "state", "kind", "type", "purpose", "metric", "breach_alerted", "automatic", "field", "is_primary", "active", "priority", "channel", "outcome", "built_in"]);

const NOT_TABLES = /^(\(subquery-\d+\)|\d+-ROW VALUES CLAUSE|CONSTANT ROW|\d+ CONSTANT ROWS)$/;
const KEYWORDS = new Set(["where", "on", "inner", "left", "right", "cross", "join", "natural", "using", "group", "order", "limit", "set", "values", "union", "select", "as", "and", "or"]);

/** The real table behind each name a plan may show (drizzle's aliases: `"customer_emails" "customerEmails"`, `tickets t`). */
export function tableAliases(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:from|join|update|into)\s+"?(\w+)"?(?:\s+(?:as\s+)?"?(\w+)"?)?/gi)) {
    const table = match[1]!;
    aliases.set(table, table);
    const alias = match[2];
    if (alias && !KEYWORDS.has(alias.toLowerCase())) aliases.set(alias, table);
  }
  return aliases;
}

interface Constraint {
  column: string;
  op: string;
}

function constraintsOf(text: string): Constraint[] {
  return text
    .split(" AND ")
    .map((c) => /^(\w+)(=|>=|<=|>|<| IN)/.exec(c.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ column: m[1]!, op: m[2]!.trim() }));
}

/**
 * A keyset page walks the workspace's rows in the order it is sorted by and keeps those its
 * filters pass; it stops after LIMIT rows only if that many pass. A filter that few rows pass (an
 * equality on a column other than a status-like one, or a subquery: a requester's, an agent's, a
 * group's tickets, a tag, a breached clock) makes it read the whole workspace. Returns that
 * filter, or null. Equalities on the ORDER BY columns are the cursor's.
 */
export function rareFilter(sql: string, table: string, name: string): string | null {
  const from = sql.search(new RegExp(`\\bfrom\\s+"?${table}"?(?:\\s+"?${name}"?)?\\s+where\\b`, "i"));
  if (from < 0) return null;
  const where = sql.slice(from);
  const orderBy = /\border by (.*?)(?:\blimit\b|$)/is.exec(where)?.[1] ?? "";
  const ordered = new Set([...orderBy.matchAll(/"?(\w+)"?\s*(?:asc|desc)?\s*(?:,|$)/gi)].map((m) => m[1]!));
  const q = `"?${name}"?\\."(\\w+)"`;
  for (const m of where.matchAll(new RegExp(`${q}\\s*(=\\s*\\?|in\\s*\\((?:\\?|select))`, "gi"))) {
    const [, column, test] = m;
    if (/select/i.test(test!)) return `${column} in (select …)`;
    if (!LOW_CARDINALITY.has(column!) && !ordered.has(column!)) return `${column} = ?`;
  }
  if (/\bexists\s*\(\s*select\b/i.test(where.slice(0, where.search(/\border by\b/i) >>> 0))) return "exists (select …)";
  return null;
}

/** Names a statement gives its own rows: common table expressions (`with x(…) as (`) and subqueries in FROM (`(…) x where`). */
export function derivedTables(sql: string): Set<string> {
  const names = new Set<string>();
  for (const match of sql.matchAll(/(?:\bwith|,)\s+"?(\w+)"?\s*(?:\([^()]*\))?\s+as\s+(?:(?:not\s+)?materialized\s+)?\(/gi)) names.add(match[1]!);
  for (const match of sql.matchAll(/\)\s+(?:as\s+)?"?(\w+)"?\s+where\b/gi)) if (!KEYWORDS.has(match[1]!.toLowerCase())) names.add(match[1]!);
  return names;
}

/** Each finding is one line: what the plan does and why it grows. */
export function planProblems(sql: string, plan: readonly PlanRow[]): string[] {
  const derived = derivedTables(sql);
  const aliases = tableAliases(sql);
  const tableOf = (name: string) => aliases.get(name) ?? name;
  const lower = sql.toLowerCase();
  const valuesInsert = /^\s*insert\b/i.test(sql) && !/\bselect\b/i.test(sql.replace(/\breturning\b[\s\S]*$/i, ""));
  const limited = /\blimit\s+(\?|\d+)/i.test(sql);
  const sortsEverything = plan.some((p) => p.parent === 0 && p.detail === "USE TEMP B-TREE FOR ORDER BY");
  const problems: string[] = [];
  for (const row of plan) {
    const scan = /^SCAN (.+?)(?: VIRTUAL TABLE INDEX \d+:(\S*))?(?: USING .*)?$/.exec(row.detail);
    if (scan) {
      const name = scan[1]!;
      if (NOT_TABLES.test(name) || derived.has(name)) continue;
      if (scan[2] !== undefined) {
        // A virtual table (FTS5): fine when the full-text index answers a MATCH ('M' in idxStr).
        if (!scan[2].includes("M")) problems.push(`full scan of the search table: ${row.detail}`);
        continue;
      }
      problems.push(`full scan: ${row.detail}`);
      continue;
    }
    const search = /^SEARCH (\S+)(?: EXISTS)? USING (?:COVERING )?(?:INDEX (\S+)|INTEGER PRIMARY KEY|PRIMARY KEY) \((.*)\)/.exec(row.detail);
    if (!search || valuesInsert) continue;
    const table = tableOf(search[1]!);
    if (!GROWING_TABLES.has(table)) continue;
    const constraints = constraintsOf(search[3]!);
    // `col IS NOT NULL` runs as the range `col>?`: no bound at all, unless the other end is bounded too.
    const unbounded = (column: string) => new RegExp(`"?${column}"?\\s+is\\s+not\\s+null`).test(lower) && constraints.filter((c) => c.column === column).length === 1;
    const narrow = constraints.filter((c) => (c.op === "=" || c.op === "IN" ? !LOW_CARDINALITY.has(c.column) : !unbounded(c.column)));
    const tenantLed = constraints.some((c) => c.column === "tenant_id");
    const tenantScoped = /tenant_id"?\s*=\s*\?/i.test(sql);
    const onlyRanges = narrow.every((c) => c.op !== "=" && c.op !== "IN");
    const wide = narrow.length === 0 || (tenantScoped && !tenantLed && onlyRanges);
    if (!wide) continue;
    if (row.parent === 0 && limited && !sortsEverything && narrow.length === 0) {
      const filter = rareFilter(sql, table, search[1]!);
      if (filter) problems.push(`keyset walk of ${table} filtered by ${filter} (reads the whole workspace when fewer rows match than the page holds): ${row.detail}`);
      continue;
    }
    problems.push(`wide search of ${table}: ${row.detail}`);
  }
  return problems;
}

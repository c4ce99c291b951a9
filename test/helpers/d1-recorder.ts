/**
 * A D1 binding that passes everything through and counts what production would pay for: each
 * call to the database (one statement, or one batch) is a network round trip to the primary.
 * Round trips that start while none is in flight begin a new sequential "wave" (what latency
 * follows); those started together with others share one. Statements stay the runtime's own
 * objects (batch() accepts nothing else); only their methods are wrapped.
 */
export interface D1Usage {
  roundTrips: number;
  waves: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
  /** Every statement's SQL with its first parameters, in order (for EXPLAIN QUERY PLAN). */
  sql: { sql: string; params: unknown[] }[];
}

export function newUsage(): D1Usage {
  return { roundTrips: 0, waves: 0, statements: 0, rowsRead: 0, rowsWritten: 0, sql: [] };
}

type Meta = { meta?: { rows_read?: number; rows_written?: number } };

export function recordingD1(d1: D1Database, usage: D1Usage): D1Database {
  let inFlight = 0;
  const roundTrip = async <T>(statements: number, run: () => Promise<T>): Promise<T> => {
    if (inFlight === 0) usage.waves++;
    inFlight++;
    usage.roundTrips++;
    usage.statements += statements;
    try {
      const result = await run();
      for (const r of Array.isArray(result) ? (result as Meta[]) : [result as Meta]) {
        usage.rowsRead += r?.meta?.rows_read ?? 0;
        usage.rowsWritten += r?.meta?.rows_written ?? 0;
      }
      return result;
    } finally {
      inFlight--;
    }
  };
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const bind = statement.bind.bind(statement);
    Object.defineProperty(statement, "bind", {
      value: (...params: unknown[]) => {
        const entry = usage.sql.findLast((s) => s.sql === sql && s.params.length === 0);
        if (entry) entry.params = params;
        return wrap(bind(...params), sql);
      },
      configurable: true, // a request's session-checked binding wraps them again (session-check.ts)
    });
    for (const method of ["first", "all", "run", "raw"] as const) {
      const original = (statement[method] as (...args: unknown[]) => Promise<unknown>).bind(statement);
      Object.defineProperty(statement, method, { value: (...args: unknown[]) => roundTrip(1, () => original(...args)), configurable: true });
    }
    return statement;
  };
  return new Proxy(d1, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          usage.sql.push({ sql, params: [] });
          return wrap(target.prepare(sql), sql);
        };
      if (property === "batch") return (statements: D1PreparedStatement[]) => roundTrip(statements.length, () => target.batch(statements));
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Rows read by the reads a request sent (its SELECT statements), each run again on `db` with its
 * parameters: drizzle reads through raw(), whose result carries no meta.
 */
export async function rowsReadOf(db: D1Database, usage: D1Usage): Promise<number> {
  let rows = 0;
  for (const { sql, params } of usage.sql) if (/^\s*select/i.test(sql)) rows += (await db.prepare(sql).bind(...params).all()).meta.rows_read;
  return rows;
}

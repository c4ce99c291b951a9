/**
 * The caller's session, checked inside the request's first read instead of a round trip of its
 * own. The isolate knows the caller already (an earlier request read their session in full, with
 * the workspace's settings version); what must still be asked is whether the session is live and
 * nothing changed since. That question (`check`, one indexed read) is sent as the first statement
 * of the request's first batch of reads, and the batch's answers are handed on only once `accept`
 * has taken its rows: it throws to refuse the request, and then every later call refuses too.
 *
 * Safe because a read changes nothing: anything else sent before the check has been answered (a
 * write, a batch with a write, a statement run on its own) waits for the check alone first.
 * A request that never reached the database is checked by `confirmed()` after it ran.
 */
export function checkedInFirstRead(d1: D1Database, check: D1PreparedStatement, accept: (rows: Record<string, unknown>[]) => void) {
  let checking: Promise<void> | undefined;
  let passed = false;
  const settle = (rows: Record<string, unknown>[]) => {
    accept(rows);
    passed = true;
  };
  const checkAlone = () => (checking ??= check.all<Record<string, unknown>>().then((answer) => settle(answer.results)));

  /** The SQL of statements prepared through this binding before the check passed. */
  const sqlOf = new WeakMap<D1PreparedStatement, string>();
  const isRead = (statement: D1PreparedStatement) => /^\s*select\b/i.test(sqlOf.get(statement) ?? "");

  const batch = async <T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
    if (passed) return d1.batch<T>(statements);
    if (!checking && statements.every(isRead)) {
      const answers = d1.batch<T>([check, ...statements]);
      // A batch that fails (a statement's own error) has not checked anything: the check is made again.
      const folded = answers.then(
        ([first]) => settle(first!.results as Record<string, unknown>[]),
        (error: unknown) => {
          checking = undefined;
          throw error;
        },
      );
      checking = folded;
      await folded;
      return (await answers).slice(1);
    }
    await checkAlone();
    return d1.batch<T>(statements);
  };

  /** A statement prepared before the check passed: run on its own, it waits for the check. */
  const guarded = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    sqlOf.set(statement, sql);
    const bind = statement.bind.bind(statement);
    Object.defineProperty(statement, "bind", { value: (...values: unknown[]) => guarded(bind(...values), sql), configurable: true });
    for (const method of ["first", "all", "run", "raw"] as const) {
      const run = (statement[method] as (...args: unknown[]) => Promise<unknown>).bind(statement);
      Object.defineProperty(statement, method, { value: async (...args: unknown[]) => (await checkAlone(), run(...args)), configurable: true });
    }
    return statement;
  };

  const binding = new Proxy(d1, {
    get(target, property) {
      if (property === "batch") return batch;
      if (property === "prepare") return (sql: string) => (passed ? target.prepare(sql) : guarded(target.prepare(sql), sql));
      if (property === "exec") return async (sql: string) => (await checkAlone(), target.exec(sql));
      if (property === "withSession" || property === "dump") throw new Error(`D1 ${property}() is not offered on a session-checked binding`);
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { d1: binding, confirmed: checkAlone };
}

// The bulk-change scenarios of the API bench: one PATCH of one ticket, and one bulk change of
// BULK_SIZE tickets (POST /bulk/tickets), on random open or pending tickets of the big workspace;
// and their comparison: what a bulk change costs against BULK_SIZE single PATCHes.

export const BULK_SIZE = 100;
const PRIORITIES = ["low", "normal", "high", "urgent"];
export const PATCH_SCENARIO = "PATCH 1 ticket (priority)";
export const BULK_SCENARIO = `bulk update of ${BULK_SIZE} tickets (one request)`;

/** The two scenarios, for the bench's list (`ticketAt(k)`: the id of the big workspace's ticket k; `openish()`: a random open/pending k; `patchIo`: a PATCH's same-I/O floor). */
export function bulkScenarios({ api, auth, ok, openish, ticketAt, floorWrite, patchIo, writes }) {
  const json = () => ({ ...auth(), "content-type": "application/json" });
  const priority = (i) => PRIORITIES[i % PRIORITIES.length];
  const someTickets = () => {
    const ids = new Set();
    while (ids.size < BULK_SIZE) ids.add(ticketAt(openish()));
    return [...ids];
  };
  return [
    {
      name: PATCH_SCENARIO,
      floor: floorWrite,
      io: patchIo,
      kefu: { count: writes, request: async (i) => ok(await fetch(`${api}/tickets/${ticketAt(openish())}`, { method: "PATCH", headers: json(), body: JSON.stringify({ priority: priority(i) }) })) },
    },
    {
      name: BULK_SCENARIO,
      floor: floorWrite,
      kefu: {
        count: Math.max(5, Math.round(writes / 10)),
        request: async (i) => {
          const res = await fetch(`${api}/bulk/tickets`, { method: "POST", headers: json(), body: JSON.stringify({ ids: someTickets(), change: { priority: priority(i), addTags: ["bulk"] } }) });
          if (res.status !== 200) return ok(res);
          const body = await res.json();
          // Every ticket must have changed or been left as it was; a refusal is a failure here.
          return body.results.length === BULK_SIZE && body.results.every((r) => r.result === "updated" || r.result === "unchanged");
        },
      },
    },
  ];
}

/** Per level: the bulk request's p50/p99 and CPU against BULK_SIZE single PATCHes' (rows of the bench's results). */
export function bulkComparison(rows) {
  const kefu = rows.filter((x) => x.worker === "kefu");
  return kefu
    .filter((x) => x.scenario === BULK_SCENARIO)
    .map((bulk) => {
      const patch = kefu.find((x) => x.scenario === PATCH_SCENARIO && x.concurrency === bulk.concurrency);
      return patch
        ? {
            concurrency: bulk.concurrency,
            bulk: { p50: bulk.p50, p99: bulk.p99, cpuMsPerRequest: bulk.cpuMsPerRequest },
            singles: { p50: BULK_SIZE * patch.p50, p99: BULK_SIZE * patch.p99, cpuMs: BULK_SIZE * patch.cpuMsPerRequest },
            cpuRatio: bulk.cpuMsPerRequest / (BULK_SIZE * patch.cpuMsPerRequest),
            timeRatio: bulk.p50 / (BULK_SIZE * patch.p50),
          }
        : null;
    })
    .filter(Boolean);
}

/** The comparison as report lines. */
export function bulkReport(comparison, fmt) {
  if (!comparison.length) return [];
  return [
    `\nBulk change of ${BULK_SIZE} tickets in one request against ${BULK_SIZE} single PATCHes (one after another):\n`,
    "| conc. | bulk p50 / p99 ms | bulk CPU ms/req | 100 PATCHes: p50 sum ms | 100 PATCHes: CPU ms | CPU ratio | time ratio (p50) |",
    "|---|---|---|---|---|---|---|",
    ...comparison.map((c) => `| ${c.concurrency} | ${fmt(c.bulk.p50)} / ${fmt(c.bulk.p99)} | ${fmt(c.bulk.cpuMsPerRequest, 2)} | ${fmt(c.singles.p50)} | ${fmt(c.singles.cpuMs, 2)} | ${fmt(c.cpuRatio, 3)} | ${fmt(c.timeRatio, 3)} |`),
  ];
}

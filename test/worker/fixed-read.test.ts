import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { messages, ticketEvents, tickets } from "../../schema";
import { openDb, readAll, runBatch } from "../../workers/core/db";
import { fixedRead } from "../../workers/core/built-once";
import { newTicket, newWorkspace } from "../helpers/api";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";

// A one-table read (dates, nulls) and a join (a left-joined table's columns may all be null).
const ticketById = fixedRead(["tenantId", "id"], (db, v) => db.select().from(tickets).where(and(eq(tickets.tenantId, v.tenantId), eq(tickets.id, v.id))));
const historyOf = fixedRead(["tenantId", "ticketId"], (db, v) =>
  db
    .select({ type: ticketEvents.type, createdAt: ticketEvents.createdAt, message: { id: messages.id, automatic: messages.automatic } })
    .from(ticketEvents)
    .leftJoin(messages, and(eq(messages.tenantId, ticketEvents.tenantId), eq(messages.id, ticketEvents.messageId)))
    .where(and(eq(ticketEvents.tenantId, v.tenantId), eq(ticketEvents.ticketId, v.ticketId)))
    .orderBy(asc(ticketEvents.id)),
);

describe("fixedRead", () => {
  it("answers as the statement Drizzle builds anew, for every use's values, each through the binding it is used with", { timeout: 60_000 }, async () => {
    const workspaces = [await newWorkspace(), await newWorkspace("Other Tea")];
    const made: { tenantId: string; id: string }[] = [];
    for (const ws of workspaces)
      for (const subject of ["Lid cracked", "Wrong tea"]) made.push({ tenantId: ws.workspace.id, id: (await newTicket(ws.token, { subject })).id });
    for (const { tenantId, id } of [...made, { tenantId: made[0]!.tenantId, id: made[2]!.id }, { tenantId: made[0]!.tenantId, id: "tkt_missing" }]) {
      const usage = newUsage();
      const db = openDb(recordingD1(env.DB, usage));
      const fixed = await readAll(db, { ticket: ticketById(db, { tenantId, id }), history: historyOf(db, { tenantId, ticketId: id }) });
      expect(usage.roundTrips).toBe(1); // sent through this use's binding, in one batch
      // Only the two statements sent, bound: the first use's templates are built elsewhere, not on this binding.
      expect(usage.sql.map((s) => s.params.length)).toEqual([2, 2]);
      const fresh = await readAll(openDb(env.DB), {
        ticket: openDb(env.DB).select().from(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id))),
        history: openDb(env.DB)
          .select({ type: ticketEvents.type, createdAt: ticketEvents.createdAt, message: { id: messages.id, automatic: messages.automatic } })
          .from(ticketEvents)
          .leftJoin(messages, and(eq(messages.tenantId, ticketEvents.tenantId), eq(messages.id, ticketEvents.messageId)))
          .where(and(eq(ticketEvents.tenantId, tenantId), eq(ticketEvents.ticketId, id)))
          .orderBy(asc(ticketEvents.id)),
      });
      expect(fixed).toEqual(fresh);
    }
    // What was compared is real: a ticket with its dates, a history with and without messages; another workspace's ticket is not found.
    const first = await readAll(openDb(env.DB), { ticket: ticketById(openDb(env.DB), made[0]!), history: historyOf(openDb(env.DB), { tenantId: made[0]!.tenantId, ticketId: made[0]!.id }) });
    expect(first.ticket[0]?.createdAt).toBeInstanceOf(Date);
    expect(first.history.some((e) => e.message === null) && first.history.some((e) => e.message !== null)).toBe(true);
    expect((await runBatch(openDb(env.DB), [ticketById(openDb(env.DB), { tenantId: made[0]!.tenantId, id: made[2]!.id })]))[0]).toEqual([]);
  });

  it("cannot be awaited on its own", async () => {
    const db = openDb(env.DB);
    await expect(async () => await ticketById(db, { tenantId: "t", id: "x" })).rejects.toThrow("runs in a batch");
  });
});

import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES } from "../../schema";
import { DUE_SOON_MINUTES, ticketsInSlaState } from "../../workers/core/tickets/sla-state-lists";

const dialect = new SQLiteSyncDialect();
const render = (...args: Parameters<typeof ticketsInSlaState>) => dialect.sqlToQuery(ticketsInSlaState(...args));
const now = new Date("2026-12-05T10:00:00Z");

describe("the tickets in an SLA state", () => {
  it("read the done tickets' missed deadlines only when the list may show done tickets (property)", () => {
    fc.assert(
      fc.property(fc.subarray([...TICKET_STATUSES]), (statuses) => {
        const { sql } = render("ten_1", "breached", now, statuses);
        const mayShowDone = statuses.length === 0 || statuses.includes("solved") || statuses.includes("closed");
        expect(sql.includes("indexed by sla_clocks_tenant_unmet_done"), JSON.stringify(statuses)).toBe(mayShowDone);
        // Always: running clocks past their deadline and the open tickets' missed deadlines, through their own indexes.
        expect(sql).toContain("indexed by sla_clocks_tenant_running");
        expect(sql).toContain("indexed by sla_clocks_tenant_unmet_open where tenant_id = ? and ticket_open = 1 and state = 'breached' and fulfilled_at is null");
      }),
    );
  });

  it("bound due soon to the running clocks due within the window, in the workspace", () => {
    const { sql, params } = render("ten_1", "due_soon", now);
    expect(sql).toBe("select ticket_id from sla_clocks indexed by sla_clocks_tenant_running where tenant_id = ? and state = 'running' and due_at > ? and due_at <= ?");
    expect(params).toEqual(["ten_1", now.getTime(), now.getTime() + DUE_SOON_MINUTES * 60_000]);
  });
});

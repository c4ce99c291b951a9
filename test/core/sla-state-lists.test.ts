import { sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_STATUSES } from "../../schema";
import { DUE_SOON_MINUTES, doneStatusesShown, slaStatePage, ticketsInSlaState } from "../../workers/core/tickets/sla-state-lists";

const dialect = new SQLiteSyncDialect();
const now = new Date("2026-12-05T10:00:00Z");
const SORTS = { updated_at: "updated", created_at: "created", number: "number" } as const;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("the tickets in an SLA state", () => {
  it("a breached list shows the done statuses its filter names, both without one (property)", () => {
    fc.assert(
      fc.property(fc.subarray([...TICKET_STATUSES]), (statuses) => {
        const shown = doneStatusesShown(statuses);
        expect(shown).toEqual(statuses.length === 0 ? ["solved", "closed"] : (["solved", "closed"] as const).filter((s) => statuses.includes(s)));
      }),
    );
  });

  it("a page reads the backlog's members and walks each done status shown through the index of its sort, from the cursor (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("breached" as const, "due_soon" as const),
        fc.subarray([...TICKET_STATUSES]),
        fc.constantFrom(...(Object.keys(SORTS) as (keyof typeof SORTS)[])),
        fc.constantFrom("asc" as const, "desc" as const),
        fc.option(fc.record({ value: fc.integer({ min: 1_000 }), id: fc.string() }), { nil: undefined }),
        fc.integer({ min: 2, max: 101 }),
        (filter, statuses, sort, direction, after, limit) => {
          const page = slaStatePage("ten_1", filter, now, { statuses, filters: sql`"tickets"."priority" = ${"high"}`, sort, sortColumn: sql.raw(`"tickets"."${sort}"`), direction, after, limit });
          const { sql: text, params } = dialect.sqlToQuery(page);
          const walks = filter === "breached" ? doneStatusesShown(statuses) : [];
          expect(occurrences(text, "indexed by sla_clocks_done_unmet_"), JSON.stringify(statuses)).toBe(walks.length);
          expect(occurrences(text, `indexed by sla_clocks_done_unmet_${SORTS[sort]} `)).toBe(walks.length);
          for (const status of walks) expect(text).toContain(`c.ticket_status = '${status}' and c.ticket_open = 0 and c.state = 'breached' and c.fulfilled_at is null`);
          // Each walk in the list's order, seeking to the cursor; every part and their union a page long.
          expect(occurrences(text, `order by k ${direction}, id ${direction} limit (select n from sla_page_args)`)).toBe(walks.length === 0 ? 0 : walks.length + 1);
          expect(occurrences(text, `(c.ticket_${sort}, c.ticket_id) ${direction === "desc" ? "<" : ">"} (select after_k, after_id from sla_page_args)`)).toBe(after ? walks.length : 0);
          // Every value bound once (D1 takes at most 100 a statement): the filters', the page's length, the workspace.
          expect(params.filter((p) => p === "high")).toHaveLength(1);
          expect(params.filter((p) => p === limit)).toHaveLength(1);
          expect(params.filter((p) => p === "ten_1")).toHaveLength(walks.length > 0 || filter === "due_soon" ? 1 : 2);
          // The backlog's members, always, through their own indexes.
          const tenant = walks.length > 0 ? "(select tenant from sla_page_args)" : "?";
          expect(text).toContain(`indexed by sla_clocks_tenant_running where tenant_id = ${tenant} and state = 'running'`);
          expect(text.includes(`indexed by sla_clocks_tenant_unmet_open where tenant_id = ${tenant} and ticket_open = 1 and state = 'breached' and fulfilled_at is null`)).toBe(filter === "breached");
        },
      ),
    );
  });

  it("bound due soon to the running clocks due within the window, in the workspace", () => {
    const { sql, params } = dialect.sqlToQuery(ticketsInSlaState("ten_1", "due_soon", now));
    expect(sql).toBe("select ticket_id from sla_clocks indexed by sla_clocks_tenant_running where tenant_id = ? and state = 'running' and due_at > ? and due_at <= ?");
    expect(params).toEqual(["ten_1", now.getTime(), now.getTime() + DUE_SOON_MINUTES * 60_000]);
  });
});

import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

// The module reads the app's wording (through ticket-views), which reads the saved language at load.
vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
let saved: typeof import("../../web/src/pages/agent/saved-views");
beforeAll(async () => void (saved = await import("../../web/src/pages/agent/saved-views")));

// A saved view keeps the list's query; its link must open exactly that query again (docs/web.md).

const value = fc.oneof(fc.constant(""), fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("new,open", "none", "退款 urgent", "a&b=c"));
const query = fc.record(
  { status: value, priority: value, type: value, groupId: value, assigneeId: value, tag: value, q: value, sla: value, sort: value, order: value, limit: fc.constant("25"), cursor: value },
  { requiredKeys: [] },
);

describe("saved views", () => {
  it("a view's address opens the query it was saved from (without paging or empty keys)", () => {
    fc.assert(
      fc.property(query, (q) => {
        const filters = saved.viewFilters(q as never);
        expect(Object.keys(filters)).not.toContain("limit");
        expect(Object.keys(filters)).not.toContain("cursor");
        expect(Object.values(filters).every((v) => v !== "")).toBe(true);
        const url = new URL(saved.savedViewUrl({ id: "svw_1", filters }), "https://kefu.test");
        expect(url.searchParams.get("saved")).toBe("svw_1");
        const opened = saved.savedListQuery(Object.fromEntries(url.searchParams), "usr_me");
        expect(saved.viewFilters(opened)).toEqual(filters);
      }),
    );
  });

  it("the column chooser keeps every column once; moving one up swaps it with the one above; a view's address brings its columns back", async () => {
    const { TICKET_COLUMNS } = await import("../../workers/core/tickets/ticket-columns");
    const chosen = fc.subarray([...TICKET_COLUMNS]).chain((cs) => fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }));
    fc.assert(
      fc.property(chosen, fc.nat(10), (columns, index) => {
        const rows = saved.chooserRows(columns.length ? columns : null);
        expect([...rows].sort()).toEqual([...TICKET_COLUMNS].sort());
        if (columns.length) expect(rows.slice(0, columns.length)).toEqual(columns);
        const moved = saved.movedUp(rows, index);
        expect([...moved].sort()).toEqual([...rows].sort());
        if (index > 0 && index < rows.length) expect([moved[index - 1], moved[index]]).toEqual([rows[index], rows[index - 1]]);
        else expect(moved).toEqual(rows);
        const withSubject = columns.includes("subject") ? columns : ["subject" as const, ...columns];
        const url = new URL(saved.savedViewUrl({ id: "svw_1", filters: {}, columns: withSubject }), "https://kefu.test");
        expect(saved.columnsFrom(url.searchParams.get("columns") ?? undefined)).toEqual(withSubject);
      }),
    );
    for (const bad of [undefined, "", "number", "subject,colour", "subject,subject"]) expect(saved.columnsFrom(bad)).toBeUndefined();
  });
});

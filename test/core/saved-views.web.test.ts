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
});

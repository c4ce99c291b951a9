import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/core/errors";
import { newId } from "../../workers/core/ids";
import { decodeCursor, encodeCursor, toPage, type Cursor, type Page } from "../../workers/core/pagination";

interface Row {
  id: string;
  at: number;
}

const SORTS = ["tickets:updated_at:desc", "tickets:created_at:asc", "tickets:number:desc", "customers:created_at:desc"];
const sortArb = fc.constantFrom(...SORTS);
const idArb = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 47 }).map((t) => newId("tkt", t)),
  fc.string(), // printable ASCII, including quotes and backslashes
);
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800_000 }), // epoch milliseconds up to 2100
  fc.integer({ min: 1, max: 1_000_000 }), // ticket numbers
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
);
const cursorArb: fc.Arbitrary<Cursor> = fc.record({ sort: sortArb, value: valueArb, id: idArb });

function expectInvalidCursor(run: () => unknown) {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(400);
  expect((error as AppError).code).toBe("invalid_cursor");
  expect((error as AppError).details.errors?.[0]?.field).toBe("query.cursor");
}

describe("cursors", () => {
  it("decode what was encoded, for the same sort (property)", () => {
    fc.assert(
      fc.property(cursorArb, (cursor) => {
        expect(decodeCursor(encodeCursor(cursor), cursor.sort)).toEqual(cursor);
      }),
    );
  });

  it("are URL-safe: no +, /, = or other characters that need escaping in a query string (property)", () => {
    fc.assert(
      fc.property(cursorArb, (cursor) => {
        expect(encodeCursor(cursor)).toMatch(/^[A-Za-z0-9_-]*$/);
      }),
    );
  });

  it("made for one sort are refused for another with 400 invalid_cursor (property)", () => {
    fc.assert(
      fc.property(cursorArb, sortArb, (cursor, other) => {
        fc.pre(other !== cursor.sort);
        expectInvalidCursor(() => decodeCursor(encodeCursor(cursor), other));
      }),
    );
  });

  it.each([
    ["empty", ""],
    ["not base64", "!!!"],
    ["base64 of non-JSON", btoa("hello")],
    ["JSON null", btoa("null")],
    ["JSON number", btoa("5")],
    ["JSON string", btoa('"tickets:number:desc"')],
    ["JSON object", btoa('{"sort":"tickets:number:desc","value":1,"id":"x"}')],
    ["value is a string", btoa('["tickets:number:desc","1","tkt_1"]')],
    ["value is null (NaN or Infinity when encoded)", btoa('["tickets:number:desc",null,"tkt_1"]')],
    ["id is missing", btoa('["tickets:number:desc",1]')],
    ["id is a number", btoa('["tickets:number:desc",1,2]')],
  ])("rejects %s with 400 invalid_cursor", (_label, text) => {
    expectInvalidCursor(() => decodeCursor(text, "tickets:number:desc"));
  });

  it("either decode to a valid cursor for the requested sort or fail with invalid_cursor, for any input (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.json().map((j) => btoa(j))), (text) => {
        let cursor: Cursor;
        try {
          cursor = decodeCursor(text, "tickets:number:desc");
        } catch {
          expectInvalidCursor(() => decodeCursor(text, "tickets:number:desc"));
          return;
        }
        expect(cursor.sort).toBe("tickets:number:desc");
        expect(Number.isFinite(cursor.value)).toBe(true);
        expect(typeof cursor.id).toBe("string");
      }),
    );
  });
});

describe("toPage", () => {
  const rowsArb: fc.Arbitrary<Row[]> = fc.uniqueArray(fc.record({ id: idArb, at: fc.integer({ min: 0, max: 4_102_444_800_000 }) }), { selector: (r) => r.id, maxLength: 30 });

  it("returns at most `limit` rows, in order, and a cursor exactly when more rows were fetched (property)", () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 25 }), sortArb, (rows, limit, sort) => {
        const page = toPage(rows, limit, sort, (r) => r.at);
        expect(page.items).toEqual(rows.slice(0, limit));
        if (rows.length > limit) {
          const last = page.items.at(-1)!;
          expect(page.nextCursor).not.toBeNull();
          expect(decodeCursor(page.nextCursor!, sort)).toEqual({ sort, value: last.at, id: last.id });
        } else {
          expect(page.nextCursor).toBeNull();
        }
      }),
    );
  });

  it("hands out a cursor naming the last row shown, not the extra row fetched", () => {
    const rows = [
      { id: "tkt_a", at: 3 },
      { id: "tkt_b", at: 2 },
      { id: "tkt_c", at: 1 },
    ];
    const page = toPage(rows, 2, "tickets:updated_at:desc", (r) => r.at);
    expect(page.items.map((r) => r.id)).toEqual(["tkt_a", "tkt_b"]);
    expect(decodeCursor(page.nextCursor!, "tickets:updated_at:desc")).toEqual({ sort: "tickets:updated_at:desc", value: 2, id: "tkt_b" });
    expect(toPage(rows, 3, "tickets:updated_at:desc", (r) => r.at).nextCursor).toBeNull();
    expect(toPage([], 3, "tickets:updated_at:desc", (r: { id: string; at: number }) => r.at)).toEqual({ items: [], nextCursor: null });
  });

  it("walking the pages of a sorted list visits every row once (property)", () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 7 }), (rows, limit) => {
        // Rows sorted by (at desc, id desc), fetched `limit + 1` at a time strictly after the cursor.
        const sorted = [...rows].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let guard = 0; guard <= sorted.length + 1; guard++) {
          const after: Cursor | null = cursor ? decodeCursor(cursor, "s") : null;
          const rest: Row[] = after ? sorted.filter((r) => r.at < after.value || (r.at === after.value && r.id < after.id)) : sorted;
          const page: Page<Row> = toPage(rest.slice(0, limit + 1), limit, "s", (r) => r.at);
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        expect(cursor).toBeNull();
        expect(seen).toEqual(sorted.map((r) => r.id));
      }),
    );
  });
});

import { AppError } from "./errors";

/**
 * Keyset pagination. A cursor names the last row of a page by its sort value and id; the next
 * page starts strictly after it, so rows inserted meanwhile never shift or repeat a page.
 * The cursor also names the sort it was made for: reusing it with another sort is refused.
 */
export interface Cursor {
  sort: string;
  value: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify([cursor.sort, cursor.value, cursor.id])).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeCursor(text: string, sort: string): Cursor {
  try {
    const [s, value, id] = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));
    if (s === sort && typeof value === "number" && Number.isFinite(value) && typeof id === "string") return { sort: s, value, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, "invalid_cursor", "The cursor is not valid for this list and sort order; start again without it", {
    errors: [{ field: "query.cursor", code: "invalid_cursor", message: "Unknown or mismatched cursor" }],
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts a `limit + 1` fetch into a page and the cursor after its last row. */
export function toPage<T extends { id: string }>(rows: T[], limit: number, sort: string, valueOf: (row: T) => number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ sort, value: valueOf(last), id: last.id }) : null };
}

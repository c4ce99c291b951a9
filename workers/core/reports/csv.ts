/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF; a field holding a comma,
 * a double quote, CR or LF is enclosed in double quotes, with its quotes doubled. Pure.
 *
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula, so a name an
 * outsider can choose ("=HYPERLINK(…)") would run on the manager's machine: such text cells get
 * a leading single quote, which spreadsheets show as text (OWASP "CSV injection"). Numbers are
 * written as numbers and never altered.
 */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(cell: CsvCell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A header record and the data records, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

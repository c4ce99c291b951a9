import type { Email } from "postal-mime";
import { parseMail } from "../../workers/core/mail/parse-mail";
import { describe, expect, it } from "vitest";
import type { EmailCorpusEntry } from "../env";
import { emailCorpus, FIELDS, KNOWN_PARSER_GAPS, normalizeText, type Field } from "../helpers/corpus";

/**
 * Where Kefu's MIME parse (parseMail: postal-mime behind the header normaliser, the parse the
 * email() handler uses) stands against the shared corpus' expectations (manifest.json), field by
 * field. Every entry must pass every asserted field unless KNOWN_PARSER_GAPS names it with a
 * reason; a new failure, or a gap that no longer fails, breaks the test.
 */

/** The overall share of asserted (entry, field) pairs that must pass (468 of 472 when written). */
const MIN_PASS_RATE = 0.99;

type Check = { id: string; field: Field; ok: boolean; expected: unknown; actual: unknown };

const firstMailbox = (email: Email) => (email.from?.group ? email.from.group[0] : email.from);
const stripAngles = (id: string | null | undefined) => (id == null ? null : normalizeText(id).replace(/^<\s*|\s*>$/g, "").trim() || null);
/** The HTML with tags removed (the manifest's second rendering of an HTML snippet). */
const withoutTags = (html: string, gap: string) => html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, gap).replace(/<[^>]*>/g, gap);
const nameMultiset = (names: (string | null)[]) => names.filter((n): n is string => !!n).map((n) => n.normalize("NFC")).sort();

/** The parser's value of a field, in the manifest's shape. */
function actualOf(field: Field, email: Email, entry: EmailCorpusEntry): unknown {
  switch (field) {
    case "from_address":
      return firstMailbox(email)?.address || null;
    case "from_name":
      return firstMailbox(email)?.name ?? "";
    case "subject":
      return email.subject ?? null;
    case "snippet":
      return entry.expected.snippet_part === "text/html" ? { text: email.text ?? "", html: withoutTags(email.html ?? "", ""), htmlSpaced: withoutTags(email.html ?? "", " ") } : { text: email.text ?? "" };
    case "attachment_count":
      return email.attachments.length;
    case "attachment_filenames":
      return email.attachments.map((a) => a.filename || null);
    case "message_id":
      return email.messageId ?? null;
    case "in_reply_to":
      return email.inReplyTo ?? null;
  }
}

/** Whether the parser's value matches one acceptable value of the manifest. */
function matches(field: Field, actual: unknown, expected: unknown): boolean {
  switch (field) {
    case "from_address":
      return (expected == null && actual == null) || (typeof expected === "string" && typeof actual === "string" && expected.toLowerCase() === actual.toLowerCase());
    case "from_name":
      return normalizeText(String(actual ?? "")) === normalizeText(String(expected ?? ""));
    case "subject":
      return expected == null ? actual == null : typeof actual === "string" && normalizeText(actual) === normalizeText(String(expected));
    case "snippet": {
      if (expected == null) return true;
      const want = normalizeText(String(expected));
      return Object.values(actual as Record<string, string>).some((text) => normalizeText(text).includes(want));
    }
    case "attachment_count":
      return actual === expected;
    case "attachment_filenames":
      return JSON.stringify(nameMultiset(actual as (string | null)[])) === JSON.stringify(nameMultiset((expected ?? []) as (string | null)[]));
    case "message_id":
    case "in_reply_to":
      return stripAngles(actual as string | null) === stripAngles(expected as string | null);
  }
}

async function checkEntry(entry: EmailCorpusEntry & { raw: Uint8Array }): Promise<Check[]> {
  const email = await parseMail(entry.raw);
  return FIELDS.filter((field) => !entry.not_asserted.includes(field)).map((field) => {
    const actual = actualOf(field, email, entry);
    const acceptable = [entry.expected[field], ...(entry.also_acceptable[field] ?? [])];
    return { id: entry.id, field, ok: acceptable.some((value) => matches(field, actual, value)), expected: entry.expected[field], actual };
  });
}

/** A plain-text table: console.table does not reach the test output from workerd. */
function table(rows: Record<string, unknown>[]): string {
  if (!rows.length) return "(none)";
  const keys = Object.keys(rows[0]!);
  const cells = [keys, ...rows.map((r) => keys.map((k) => String(r[k])))];
  const widths = keys.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")).join("\n");
}

const show = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
};

describe("postal-mime against the email corpus manifest", () => {
  it("parses every message as the manifest expects, apart from the known gaps", async () => {
    const corpus = emailCorpus();
    expect(corpus.length).toBeGreaterThan(0);
    const checks = (await Promise.all(corpus.map(checkEntry))).flat();

    const failures = checks.filter((c) => !c.ok);
    const rates = FIELDS.map((field) => {
      const of = checks.filter((c) => c.field === field);
      const passed = of.filter((c) => c.ok).length;
      return { field, passed, asserted: of.length, rate: `${((100 * passed) / of.length).toFixed(1)}%` };
    });
    const passed = checks.length - failures.length;
    console.log(
      [
        `parseMail passes ${passed} of ${checks.length} checks (${((100 * passed) / checks.length).toFixed(1)}%) over ${corpus.length} messages.`,
        table(rates),
        `Failures (${failures.length}):`,
        table(failures.map((f) => ({ id: f.id, field: f.field, expected: show(f.expected), actual: show(f.actual), known: KNOWN_PARSER_GAPS[f.id]?.[f.field] ? "known gap" : "NEW" }))),
      ].join("\n"),
    );

    const unexpected = failures.filter((f) => !KNOWN_PARSER_GAPS[f.id]?.[f.field]).map((f) => `${f.id}.${f.field}: expected ${show(f.expected)}, got ${show(f.actual)}`);
    expect(unexpected, "failures outside KNOWN_PARSER_GAPS").toEqual([]);

    const stale = Object.entries(KNOWN_PARSER_GAPS)
      .flatMap(([id, fields]) => Object.keys(fields).map((field) => `${id}.${field}`))
      .filter((key) => !failures.some((f) => `${f.id}.${f.field}` === key));
    expect(stale, "KNOWN_PARSER_GAPS entries that now pass (remove them)").toEqual([]);

    expect(checks.filter((c) => c.ok).length / checks.length).toBeGreaterThanOrEqual(MIN_PASS_RATE);
  }, 120_000);
});

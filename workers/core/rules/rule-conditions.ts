import { businessMsBetween, isOpenAt, type BusinessCalendar } from "../sla/business-calendar";
import { normalizeTags } from "../tickets/ticket-rules";
import type { RuleFacts } from "./rule-facts";
import type { Condition, Conditions } from "./rule-schema";
import { containsWord, normalizeText } from "./text-match";

const HOUR_MS = 3_600_000;

/** One condition's outcome: whether it holds, and a line saying why (for the preview and the history). */
export interface ConditionResult {
  matched: boolean;
  reason: string;
}

/**
 * Whether a rule's conditions hold for these facts: every `all` condition, and at least one `any`
 * condition when there are any. Every condition is evaluated, so `reasons` has one line per
 * condition (`all` first, then `any`, each in order), starting ✓ or ✗.
 */
export function evaluateConditions(conditions: Conditions, facts: RuleFacts): { matched: boolean; reasons: string[] } {
  const all = conditions.all.map((c) => evaluateCondition(c, facts));
  const any = conditions.any.map((c) => evaluateCondition(c, facts));
  const matched = all.every((r) => r.matched) && (any.length === 0 || any.some((r) => r.matched));
  return { matched, reasons: [...all, ...any].map((r) => `${r.matched ? "✓" : "✗"} ${r.reason}`) };
}

/** The same verdict as evaluateConditions, stopping at the first condition that decides it (the write path's hot loop). */
export function conditionsHold(conditions: Conditions, facts: RuleFacts): boolean {
  return conditions.all.every((c) => holds(c, facts)) && (conditions.any.length === 0 || conditions.any.some((c) => holds(c, facts)));
}

const holds = (c: Condition, facts: RuleFacts) => outcomeOf(c, facts).matched;

export function evaluateCondition(c: Condition, facts: RuleFacts): ConditionResult {
  const { matched, reason } = outcomeOf(c, facts);
  return { matched, reason: reason() };
}

/** A verdict with its reason still to be worded (the write path's hot loop never words it). */
interface Outcome {
  matched: boolean;
  reason: () => string;
}

function outcomeOf(c: Condition, facts: RuleFacts): Outcome {
  const { ticket, requester } = facts;
  switch (c.field) {
    case "channel":
      return isIn(c.field, c.op, c.value, ticket.channel);
    case "support_address":
      return isIn(c.field, c.op, c.value, ticket.supportAddressId);
    case "requester_tier":
      return isIn(c.field, c.op, c.value, requester.tier);
    case "customer_language":
      return isIn(c.field, c.op, c.value, requester.language);
    case "type":
    case "priority":
    case "status":
      return isIn(c.field, c.op, c.value, ticket[c.field]);
    case "group":
      return isIn(c.field, c.op, c.value, ticket.groupId);
    case "assignee":
      return isIn(c.field, c.op, c.value, ticket.assigneeId);
    case "organization":
      return isIn(c.field, c.op, c.value.map(normalizeText), requester.organization === null ? null : normalizeText(requester.organization));
    case "email_domain":
      return isAnyIn(c.field, c.op, c.value.map(normalizeDomain), requester.emails.map(domainOf));
    case "subject":
    case "body":
    case "text":
      return containsWords(c.field, c.op, c.value, textsOf(c.field, facts));
    case "tags":
      return containsTags(c.op, c.value, ticket.tags);
    case "business_hours": {
      const calendar = facts.calendars.get(c.calendarId);
      const open = calendar ? openAt(facts.now, calendar) : null;
      if (open === null) return { matched: false, reason: () => `business hours: calendar ${c.calendarId} not found or not valid` };
      return { matched: open === (c.op === "within"), reason: () => `${c.op} business hours (now ${open ? "within" : "outside"})` };
    }
    case "ticket_age_hours":
      return compare("ticket age (hours)", c.op, c.value, (facts.now.getTime() - ticket.createdAt.getTime()) / HOUR_MS);
    case "reply_count":
      return compare("replies", c.op, c.value, facts.replyCount);
    case "rating":
      return isIn(c.field, c.op, c.value, facts.rating ?? null);
    case "changed":
      return changed(c, facts);
    case "hours_since": {
      const from = facts.since[c.since] ?? null;
      const label = `hours since ${c.since.replaceAll("_", " ")}${c.calendarId ? " (business hours)" : ""}`;
      if (from === null) return { matched: false, reason: () => `${label}: never` };
      if (c.calendarId === null) return compare(label, c.op, c.value, (facts.now.getTime() - from.getTime()) / HOUR_MS);
      const calendar = facts.calendars.get(c.calendarId);
      const ms = calendar ? businessMs(from, facts.now, calendar) : null;
      if (ms === null) return { matched: false, reason: () => `${label}: calendar ${c.calendarId} not found or not valid` };
      return compare(label, c.op, c.value, ms / HOUR_MS);
    }
  }
}

const show = (v: string | null) => v ?? "none";

/**
 * Calendar math, remembered per calendar for the latest instant asked (a hundred rules ask about
 * the same moment), and null for a stored calendar that is not valid (it is left out, not a
 * failed write).
 */
const openMemo = new WeakMap<BusinessCalendar, { at: number; open: boolean | null }>();
function openAt(now: Date, calendar: BusinessCalendar): boolean | null {
  const seen = openMemo.get(calendar);
  if (seen?.at === now.getTime()) return seen.open;
  const open = orNull(() => isOpenAt(now, calendar));
  openMemo.set(calendar, { at: now.getTime(), open });
  return open;
}
const businessMs = (from: Date, now: Date, calendar: BusinessCalendar) => orNull(() => businessMsBetween(from, now, calendar));

function orNull<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

function isIn<T extends string | null>(field: string, op: "is" | "is_not", values: readonly T[], actual: T): Outcome {
  const found = values.includes(actual);
  return { matched: found === (op === "is"), reason: () => `${field} ${op.replace("_", " ")} ${values.map(show).join(", ")} (is ${show(actual)})` };
}

/** email_domain: `is` when one of the requester's domains is listed, `is_not` when none is. */
function isAnyIn(field: string, op: "is" | "is_not", values: readonly string[], actual: readonly string[]): Outcome {
  const found = actual.some((d) => values.includes(d));
  return { matched: found === (op === "is"), reason: () => `${field} ${op.replace("_", " ")} ${values.join(", ")} (is ${actual.join(", ") || "none"})` };
}

const normalizeDomain = (d: string) => normalizeText(d).replace(/^@/, "");
const domainOf = (email: string) => normalizeText(email.slice(email.lastIndexOf("@") + 1));

type ContainsOp = "contains_any" | "contains_all" | "contains_none";

/** A verdict from which of the words were found. */
function byOp(op: ContainsOp, found: readonly boolean[]): boolean {
  if (op === "contains_all") return found.every(Boolean);
  const any = found.some(Boolean);
  return op === "contains_any" ? any : !any;
}

function containsWords(field: string, op: ContainsOp, words: readonly string[], texts: readonly string[]): Outcome {
  const found = words.map((w) => {
    const needle = normalized(w);
    return texts.some((t) => containsWord(t, needle));
  });
  const hits = () => words.filter((_, i) => found[i]).join(", ") || "none";
  return { matched: byOp(op, found), reason: () => `${field} ${op.replace("_", " ")} ${words.join(", ")} (found ${hits()})` };
}

function containsTags(op: ContainsOp, wanted: readonly string[], tags: readonly string[]): Outcome {
  const have = new Set(normalizeTags(tags));
  const found = normalizeTags(wanted).map((t) => have.has(t));
  return { matched: byOp(op, found), reason: () => `tags ${op.replace("_", " ")} ${wanted.join(", ")} (tags: ${[...have].join(", ") || "none"})` };
}

function compare(label: string, op: "gt" | "lt" | "is", value: number, actual: number): Outcome {
  const matched = op === "gt" ? actual > value : op === "lt" ? actual < value : actual === value;
  const word = op === "gt" ? "more than" : op === "lt" ? "less than" : "is";
  return { matched, reason: () => `${label} ${word} ${value} (is ${Math.round(actual * 100) / 100})` };
}

/**
 * `changed`: the event's changes set the field (from `from`, to `to`; either omitted: any). For
 * tags, `to` is a tag the change added and `from` one it removed.
 */
function changed(c: Extract<Condition, { field: "changed" }>, facts: RuleFacts): Outcome {
  const change = facts.changes.find((ch) => ch.field === c.changed);
  const label = `${c.changed} changed${c.from !== undefined ? ` from ${show(c.from)}` : ""}${c.to !== undefined ? ` to ${show(c.to)}` : ""}`;
  if (!change) return { matched: false, reason: () => `${label} (unchanged)` };
  const matched = c.changed === "tags" ? tagsChanged(change.from, change.to, c.from, c.to) : (c.from === undefined || c.from === change.from) && (c.to === undefined || c.to === change.to);
  return { matched, reason: () => `${label} (${show(change.from)} → ${show(change.to)})` };
}

function tagsChanged(before: string | null, after: string | null, removed: string | null | undefined, added: string | null | undefined): boolean {
  const from = new Set<string>(before ? (JSON.parse(before) as string[]) : []);
  const to = new Set<string>(after ? (JSON.parse(after) as string[]) : []);
  const ok = (tag: string | null | undefined, inside: Set<string>, outside: Set<string>) => {
    if (tag === undefined) return true;
    if (tag === null) return false;
    const [t] = normalizeTags([tag]);
    return t !== undefined && inside.has(t) && !outside.has(t);
  };
  return ok(added, to, from) && ok(removed, from, to);
}

/** The normalised texts a text condition looks in: the subject, the message, or both. */
function textsOf(field: "subject" | "body" | "text", facts: RuleFacts): string[] {
  const subject = normalized(facts.ticket.subject);
  const body = normalized(facts.text);
  return field === "subject" ? [subject] : field === "body" ? [body] : [subject, body];
}

/**
 * normalizeText, remembered: a hundred rules look at the same subject and message (and often the
 * same words), and normalising a long message each time was most of an event's CPU. Bounded: the
 * memory starts over past MEMO_LIMIT entries.
 */
const MEMO_LIMIT = 2_000;
const memo = new Map<string, string>();
function normalized(text: string): string {
  let found = memo.get(text);
  if (found === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, (found = normalizeText(text)));
  }
  return found;
}

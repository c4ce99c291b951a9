import { AppError } from "../errors";
import { checkStatusChange, normalizeTags, planTicketUpdate, resolveChange, type FieldChange, type TicketField, type TicketPatch } from "../tickets/ticket-rules";
import { planActions, type RuleEffect } from "./rule-actions";
import { conditionsHold, evaluateConditions } from "./rule-conditions";
import type { RuleFacts, RuleTicket } from "./rule-facts";
import type { Action, Conditions, RuleEvent } from "./rule-schema";

/** A trigger as the engine needs it (a row of the triggers table, its JSON parsed). */
export interface RuleTrigger {
  id: string;
  name: string;
  position: number;
  active: boolean;
  events: readonly RuleEvent[];
  conditions: Conditions;
  actions: readonly Action[];
}

/**
 * At most this many passes over the triggers per causing event (docs/rules.md "Chains"). Each
 * trigger fires at most once per causing event anyway, so a chain ends by itself; the bound keeps
 * a long chain from taking a write's whole CPU.
 */
export const MAX_TRIGGER_PASSES = 5;

/** Active triggers in the order they run: by position, then id (a stable order for equal positions). */
export function orderTriggers<T extends RuleTrigger>(triggers: readonly T[]): T[] {
  return triggers.filter((t) => t.active).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The triggers that fire for `event` on these facts, in order, each once: one pass, without chaining (the preview's question). */
export function selectTriggers<T extends RuleTrigger>(triggers: readonly T[], event: RuleEvent, facts: RuleFacts): T[] {
  const seen = new Map<RuleEvent, RuleFacts>();
  return orderTriggers(triggers).filter((t) => {
    const as = eventFor(t, event, []);
    if (as === null) return false;
    if (!seen.has(as)) seen.set(as, { ...facts, event: as });
    return conditionsHold(t.conditions, seen.get(as)!);
  });
}

export interface FiredTrigger {
  trigger: RuleTrigger;
  /** The pass it fired in, from 1. */
  pass: number;
  /** One line per condition (evaluateConditions). */
  reasons: string[];
  /** The fields it changed (a change a later trigger undoes is still listed here: it happened). */
  changes: FieldChange[];
  /** What else it does, for the write path to carry out. */
  effects: RuleEffect[];
}

export interface TriggerRun {
  fired: FiredTrigger[];
  /** The ticket after every fired trigger's changes. */
  ticket: RuleTicket;
  /** The fields whose final value differs from before the triggers ran, with those final values. */
  patch: TicketPatch;
}

/**
 * Runs a workspace's triggers for one causing event (facts.event) — the pure half of "triggers
 * run inside the write". Triggers are tried in order; each sees the ticket as the triggers before
 * it left it and fires at most once. The fields a trigger changes raise `ticket_updated` (and
 * `ticket_solved` / `ticket_reopened` when the status moves so) for every trigger not yet fired:
 * later ones in the same pass, earlier ones in the next pass. A pass in which nothing changed
 * ends the run, and so does the MAX_TRIGGER_PASSES-th pass.
 */
export function runTriggers(triggers: readonly RuleTrigger[], facts: RuleFacts, maxPasses = MAX_TRIGGER_PASSES): TriggerRun {
  const ordered = facts.event === null ? [] : orderTriggers(triggers);
  const original = facts.ticket;
  const fired: FiredTrigger[] = [];
  const done = new Set<string>();
  let current = facts;
  let made: FieldChange[] = [];
  // The facts per event a trigger may see, built once until a trigger changes the ticket.
  let seen = new Map<RuleEvent, RuleFacts>();
  const factsFor = (event: RuleEvent) => {
    let f = seen.get(event);
    if (!f) seen.set(event, (f = { ...current, event, changes: made.length ? mergeChanges(facts.changes, made) : facts.changes }));
    return f;
  };
  for (let pass = 1; pass <= maxPasses && ordered.length > done.size; pass++) {
    let changedThisPass = false;
    for (const trigger of ordered) {
      if (done.has(trigger.id)) continue;
      const event = eventFor(trigger, facts.event!, made);
      if (event === null) continue;
      const eventFacts = factsFor(event);
      if (!conditionsHold(trigger.conditions, eventFacts)) continue;
      done.add(trigger.id);
      const { change, effects } = planActions(trigger.actions, current.ticket);
      const { ticket, changes } = applyChange(current.ticket, change, facts.now);
      fired.push({ trigger, pass, reasons: evaluateConditions(trigger.conditions, eventFacts).reasons, changes, effects });
      if (changes.length === 0) continue;
      changedThisPass = true;
      made = mergeChanges(made, changes);
      current = { ...current, ticket };
      seen = new Map();
    }
    if (!changedThisPass) break;
  }
  return { fired, ticket: current.ticket, patch: diff(original, current.ticket) };
}

/** The event a trigger reacts to now: the causing one, else one the earlier triggers' changes raised; null: none it listens to. */
function eventFor(trigger: RuleTrigger, causing: RuleEvent, made: readonly FieldChange[]): RuleEvent | null {
  if (trigger.events.includes(causing)) return causing;
  // A solve or a reopen is a change too.
  if ((causing === "ticket_solved" || causing === "ticket_reopened") && trigger.events.includes("ticket_updated")) return "ticket_updated";
  if (made.length === 0) return null;
  const status = made.find((c) => c.field === "status");
  if (status?.to === "solved" && trigger.events.includes("ticket_solved")) return "ticket_solved";
  if (status?.from === "solved" && status.to !== "closed" && trigger.events.includes("ticket_reopened")) return "ticket_reopened";
  return trigger.events.includes("ticket_updated") ? "ticket_updated" : null;
}

/**
 * The ticket after a trigger's change, by the same rules as a person's update (planTicketUpdate).
 * A closed ticket does not change; a status the ticket cannot move to (back to new, closed before
 * solved) is left out of the change, the rest applies.
 */
function applyChange(ticket: RuleTicket, change: ReturnType<typeof planActions>["change"], now: Date): { ticket: RuleTicket; changes: FieldChange[] } {
  if (ticket.status === "closed") return { ticket, changes: [] };
  const patch = resolveChange(change, ticket);
  if (patch.status !== undefined && !canMove(ticket.status, patch.status)) delete patch.status;
  const { next, changes, timestamps } = planTicketUpdate(ticket, patch, now);
  return { ticket: { ...ticket, ...next, ...timestamps }, changes };
}

function canMove(from: RuleTicket["status"], to: RuleTicket["status"]): boolean {
  try {
    checkStatusChange(from, to);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

/** Later changes of the same field replace the earlier ones' `to`, keeping the first `from`; a field back where it started drops out. */
export function mergeChanges(first: readonly FieldChange[], then: readonly FieldChange[]): FieldChange[] {
  if (then.length === 0) return [...first];
  const byField = new Map<TicketField, FieldChange>(first.map((c) => [c.field, c]));
  for (const c of then) {
    const before = byField.get(c.field);
    byField.set(c.field, { field: c.field, from: before ? before.from : c.from, to: c.to });
  }
  return [...byField.values()].filter((c) => c.from !== c.to);
}

const PATCH_FIELDS = ["status", "priority", "type", "groupId", "assigneeId", "tags"] as const;
function diff(before: RuleTicket, after: RuleTicket): TicketPatch {
  const patch: TicketPatch = {};
  for (const field of PATCH_FIELDS) {
    const changed = field === "tags" ? normalizeTags(before.tags).join("\n") !== normalizeTags(after.tags).join("\n") : before[field] !== after[field];
    if (changed) Object.assign(patch, { [field]: after[field] });
  }
  return patch;
}

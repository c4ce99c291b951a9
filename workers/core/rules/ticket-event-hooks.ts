import { and, eq, inArray, sql } from "drizzle-orm";
import { triggers } from "../../../schema";
import type { ReadResults, Statement } from "../db";
import { newId } from "../ids";
import { ruleNotice } from "../notifications/rule-notice";
import type { AssignmentRead } from "../assignment/assignment-store";
import type { slaSettingsReads } from "../sla/ticket-sla";
import type { Actor, TenantScope } from "../tenancy/scope";
import { fieldChangeEvent, insertEvents, type NewEvent } from "../tickets/ticket-events";
import type { LiveEvent } from "../live/live-events";
import type { ThreadMessage } from "../mail/reply-email";
import { renderTemplate } from "../tickets/templates";
import type { FieldChange, TicketPatch } from "../tickets/ticket-rules";
import { queueWebhookDelivery } from "../webhooks/webhook-delivery";
import { subscribersOf, ticketEventBody, WEBHOOK_EVENT_OF, type EventRating } from "../webhooks/ticket-event-payload";
import type { RuleEffect } from "./rule-actions";
import { ruleNote, type EffectRows } from "./rule-effect-notes";
import type { RuleFacts, RuleTicket } from "./rule-facts";
import type { RuleEvent } from "./rule-schema";
import { runTriggers, type FiredTrigger, type TriggerRun } from "./rule-triggers";
import { finalEffects } from "./trigger-final-effects";
import { triggerMailEffect, triggerPlaceholders } from "./trigger-mail";
import { calendarsFrom, requesterFrom, triggersFrom, type TriggerRead } from "./trigger-reads";

/**
 * The one hook every core write that raises a ticket event calls (docs/rules.md): it runs the
 * workspace's triggers and posts the event to the webhooks subscribed to it — two consumers of
 * the same event, planned from the write's own read batch into the write's own atomic batch.
 */
export interface TicketEventInput {
  event: RuleEvent;
  ticketId: string;
  /** The ticket as the causing write leaves it. */
  ticket: RuleTicket;
  /** The ticket's number (null: a ticket this write creates). */
  number: number | null;
  /** The causing message's text; null: the ticket's first message's (read). */
  text: string | null;
  changes: readonly FieldChange[];
  /** A requester this write creates: the address they wrote from. */
  requesterEmail?: string | null;
  /** …and the name they gave (null: none; the address's local part stands in). */
  requesterName?: string | null;
  /** The causing message when it is mail (a customer's, an agent's emailed reply): a rule's mail to the requester answers it. */
  mail?: ThreadMessage | null;
  /** `rating_received`: the answer (the `rating` condition) and comment (both in the webhook payload). */
  rating?: EventRating;
}

export interface EventHookPlan {
  run: TriggerRun | null;
  /** The fields the triggers changed, with their final values (empty: none). */
  patch: TicketPatch;
  /** The ticket after the triggers. */
  ticket: RuleTicket;
  /** History rows: each trigger's field changes and notes, the trigger as the reason. */
  events: NewEvent[];
  /** Everything else for the write's batch (after the ticket's own rows): notes, webhook deliveries, fired counts. */
  statements: Statement[];
  /** For the write to publish after it commits: the bells of the agents the triggers' notices tell. */
  live: LiveEvent[];
}

type SlaSettingsRead = ReadResults<ReturnType<typeof slaSettingsReads>>;

/** The triggers' reads, the SLA settings (a follow-up task's clocks; without them it gets none), and the write's own automatic assignment's reads (if it makes them). */
export type HookRead = TriggerRead & Pick<SlaSettingsRead, "slaCalendars"> & Partial<Pick<SlaSettingsRead, "slaPolicies" | "slaTenant">> & Pick<AssignmentRead, "assignGroup" | "assignAgents">;

/** The trigger as the history's reason: `trigger:<id>:<name>` (the name as it was when it fired). */
export const triggerReason = (trigger: { id: string; name: string }) => `trigger:${trigger.id}:${trigger.name}`;
const triggerActor = (trigger: { id: string; name: string }): Actor => ({ type: "system", id: null, reason: triggerReason(trigger) });

/** Null when there is nothing to do: no active trigger fired and no webhook wants the event (the write pays nothing more). */
export function planEventHooks(scope: TenantScope, read: HookRead, input: TicketEventInput, now: Date): EventHookPlan | null {
  const list = triggersFrom(read);
  const subscribed = subscribersOf(read.ruleWebhooks, input.event);
  if (list.length === 0 && subscribed.length === 0) return null;
  const run = list.length ? runTriggers(list, factsOf(read, input, now)) : null;
  const fired = run?.fired ?? [];
  if (fired.length === 0 && subscribed.length === 0) return null;
  const ticket = run?.ticket ?? input.ticket;
  const events: NewEvent[] = [];
  const statements: Statement[] = [];
  const live: LiveEvent[] = [];
  const hook = (webhook: HookRead["ruleWebhooks"][number], trigger: FiredTrigger["trigger"] | null, changes: readonly FieldChange[]) => {
    const id = newId("whd", now.getTime());
    const event = WEBHOOK_EVENT_OF[input.event];
    const body = ticketEventBody(webhook.format, { deliveryId: id, event, occurredAt: now, workspaceId: scope.tenantId, ticket: { id: input.ticketId, number: input.number, ...ticket }, changes, trigger: trigger && { id: trigger.id, name: trigger.name }, rating: input.rating });
    return queueWebhookDelivery(scope.db, { id, tenantId: scope.tenantId, webhookId: webhook.id, event, body, createdAt: now });
  };
  for (const f of fired) {
    const actor = triggerActor(f.trigger);
    events.push(...f.changes.map((c) => fieldChangeEvent(scope, input.ticketId, actor, c, now)));
    for (const effect of f.effects) {
      const done = effectStatements(scope, input, f, effect, read, now, hook, ticket);
      events.push(...done.events);
      statements.push(...done.statements);
      live.push(...(done.live ?? []));
    }
  }
  if (run) {
    const final = finalEffects(scope, read, input, run, now);
    events.push(...final.events);
    statements.push(...final.statements);
  }
  const allChanges = run ? [...input.changes, ...fired.flatMap((f) => f.changes)] : input.changes;
  statements.push(...subscribed.map((w) => hook(w, null, allChanges)));
  if (fired.length)
    statements.push(
      scope.db
        .update(triggers)
        .set({ firedCount: sql`${triggers.firedCount} + 1`, lastFiredAt: now })
        .where(and(eq(triggers.tenantId, scope.tenantId), inArray(triggers.id, fired.map((f) => f.trigger.id)))),
    );
  return { run, patch: run?.patch ?? {}, ticket, events, statements, live };
}

function factsOf(read: HookRead, input: TicketEventInput, now: Date): RuleFacts {
  const context = read.ruleContext[0];
  const { ticket } = input;
  return {
    event: input.event,
    now,
    ticket,
    requester: requesterFrom(read, input.requesterEmail ?? null),
    text: input.text ?? context?.firstText ?? "",
    replyCount: context?.replyCount ?? 0,
    changes: input.changes,
    since: { created: ticket.createdAt, updated: ticket.updatedAt, solved: ticket.solvedAt },
    calendars: calendarsFrom(read.slaCalendars),
    rating: input.rating?.answer ?? null,
  };
}

/** What one effect writes. Effects not built yet leave a note saying so (docs/rules.md). */
function effectStatements(
  scope: TenantScope,
  input: TicketEventInput,
  fired: FiredTrigger,
  effect: RuleEffect,
  read: HookRead,
  now: Date,
  hook: (webhook: HookRead["ruleWebhooks"][number], trigger: FiredTrigger["trigger"], changes: readonly FieldChange[]) => Statement,
  /** The ticket after every trigger's changes (whom a notice to the assignee or the ticket's group tells). */
  after: RuleTicket,
): EffectRows & { live?: LiveEvent[] } {
  const note = (body: string) => ruleNote(scope, input.ticketId, triggerReason(fired.trigger), body, now);
  switch (effect.type) {
    case "add_note":
      return note(renderTemplate(effect.body, triggerPlaceholders(read, input, fired.trigger.name)));
    case "call_webhook": {
      const webhook = read.ruleWebhooks.find((w) => w.id === effect.webhookId);
      return webhook ? { events: [], statements: [hook(webhook, fired.trigger, [...input.changes, ...fired.changes])] } : note(`Webhook ${effect.webhookId} was not called: it is gone or switched off.`);
    }
    case "apply_macro":
      // Found macros were expanded into the trigger's actions (triggersFrom); this one is gone.
      return read.ruleMacros.some((m) => m.id === effect.macroId) ? { events: [], statements: [] } : note(`Macro ${effect.macroId} was not applied: it is gone.`);
    case "notify": {
      const notice = ruleNotice(scope, read, effect, { ...after, id: input.ticketId }, fired.trigger.name, triggerActor(fired.trigger), now);
      const written = note(notice.note);
      return { events: written.events, statements: [...notice.statements, ...written.statements], live: notice.live };
    }
    case "assign_by_group_method":
    case "create_follow_up":
      // Carried out once on the ticket as every trigger leaves it (trigger-final-effects.ts).
      return { events: [], statements: [] };
    case "email_requester":
    case "email_agent":
    case "email_group":
      return triggerMailEffect(scope, read, input, fired.trigger, triggerReason(fired.trigger), effect, now);
  }
}

/** The history rows of a plan, for the write's batch after the ticket's own rows (the notes' messages first: their events refer to them). */
export const hookStatements = (scope: TenantScope, plan: EventHookPlan): Statement[] => [...plan.statements, ...insertEvents(scope, plan.events)];

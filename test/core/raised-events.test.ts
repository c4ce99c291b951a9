import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conditionsHold, evaluateCondition } from "../../workers/core/rules/rule-conditions";
import { Condition, RATING_ANSWERS, RULE_EVENTS, type RatingAnswer } from "../../workers/core/rules/rule-schema";
import { runTriggers } from "../../workers/core/rules/rule-triggers";
import { answerChanges } from "../../workers/core/surveys/survey-answer";
import { subscribersOf, ticketEventJson, ticketEventSlack, WEBHOOK_EVENT_OF, type TicketEventHook } from "../../workers/core/webhooks/ticket-event-payload";
import { factsOf } from "./rule-fixtures";

/** rating_received, sla_warning and sla_breach (issue 15): the pure parts — the rating condition, when an answer is news, who the hook posts to. */
const answers = fc.subarray([...RATING_ANSWERS], { minLength: 1 });
const rating = fc.option(fc.constantFrom(...RATING_ANSWERS), { nil: null });

describe("the rating condition", () => {
  it("`is` holds exactly when the event's answer is listed, `is_not` exactly when it is not; an event without a rating has none", () => {
    fc.assert(
      fc.property(answers, rating, fc.constantFrom(...RULE_EVENTS), (value, answer, event) => {
        const facts = factsOf({ event, rating: answer });
        const is = evaluateCondition({ field: "rating", op: "is", value }, facts);
        const isNot = evaluateCondition({ field: "rating", op: "is_not", value }, facts);
        expect(is.matched).toBe(answer !== null && value.includes(answer));
        expect(isNot.matched).toBe(!is.matched);
        expect(is.reason).toContain(`is ${answer ?? "none"}`);
        // Facts built before the condition existed (automations, the preview) have no rating at all.
        const { rating: _, ...without } = facts;
        expect(conditionsHold({ all: [{ field: "rating", op: "is", value }], any: [] }, without)).toBe(false);
      }),
    );
  });

  it("is additive to the contract: the answers a survey offers, nothing else", () => {
    fc.assert(
      fc.property(answers, (value) => {
        expect(Condition.parse({ field: "rating", op: "is", value })).toEqual({ field: "rating", op: "is", value });
      }),
    );
    for (const bad of [[], ["meh"], [1], ["Good"]]) expect(Condition.safeParse({ field: "rating", op: "is", value: bad }).success).toBe(false);
  });

  it("a trigger on rating_received with `rating is bad` fires once for a bad answer, never for another answer", () => {
    fc.assert(
      fc.property(fc.constantFrom(...RATING_ANSWERS), (answer: RatingAnswer) => {
        const trigger = { id: "trg_1", name: "Bad rating", position: 1, active: true, events: ["rating_received" as const], conditions: { all: [{ field: "rating" as const, op: "is" as const, value: ["bad" as const, "1" as const] }], any: [] }, actions: [{ type: "add_tags" as const, tags: ["bad_rating"] }, { type: "set_priority" as const, value: "high" as const }] };
        const run = runTriggers([trigger], factsOf({ event: "rating_received", rating: answer }, { status: "solved" }));
        const bad = answer === "bad" || answer === "1";
        expect(run.fired.map((f) => f.trigger.id)).toEqual(bad ? ["trg_1"] : []);
        expect(run.patch).toEqual(bad ? { priority: "high", tags: ["bad_rating"] } : {});
      }),
    );
  });
});

describe("an answer is news", () => {
  it("when the rating differs from the recorded one, or a comment other than the kept one is given", () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }), fc.option(fc.constantFrom("slow", "great"), { nil: null }), fc.integer({ min: 0, max: 5 }), fc.constantFrom(undefined, null, "slow", "great"), (recorded, kept, given, comment) => {
        const news = answerChanges({ rating: recorded, comment: kept }, given, comment);
        expect(news).toBe(given !== recorded || (typeof comment === "string" && comment !== kept));
      }),
    );
    // The same answer again (a second click, a reload) is no news.
    expect(answerChanges({ rating: 0, comment: null }, 0, undefined)).toBe(false);
  });
});

describe("who the event hook posts to", () => {
  const hook = (events: string[]) => ({ id: events.join("+"), events: events as never[] });
  const webhooks = [hook(["ticket.rating_received"]), hook(["sla.breach", "ticket.created"]), hook(["sla.warning", "sla.breach"]), hook(["ticket.updated"])];

  it("every event's subscribers, except the SLA ones: the alert posts those its own payload, once", () => {
    for (const event of RULE_EVENTS) {
      const posted = subscribersOf(webhooks, event).map((w) => w.id);
      if (event === "sla_warning" || event === "sla_breach") expect(posted).toEqual([]);
      else expect(posted).toEqual(webhooks.filter((w) => (w.events as string[]).includes(WEBHOOK_EVENT_OF[event])).map((w) => w.id));
    }
    expect(subscribersOf(webhooks, "rating_received").map((w) => w.id)).toEqual(["ticket.rating_received"]);
  });

  it("a rating_received payload carries the answer and comment (JSON), and shows them (Slack, escaped)", () => {
    const base: TicketEventHook = {
      deliveryId: "whd_1",
      event: "ticket.rating_received",
      occurredAt: new Date("2026-12-07T03:00:00Z"),
      workspaceId: "ten_1",
      ticket: { id: "tkt_1", number: 7, subject: "Lid", status: "solved", priority: "high", assigneeId: null, groupId: null, tags: ["bad_rating"] },
      changes: [],
      trigger: null,
    };
    expect(ticketEventJson({ ...base, rating: { answer: "bad", comment: "Too slow <!channel>" } }).rating).toEqual({ answer: "bad", comment: "Too slow <!channel>" });
    expect("rating" in ticketEventJson(base)).toBe(false);
    const slack = ticketEventSlack({ ...base, rating: { answer: "bad", comment: "Too slow <!channel>" } });
    expect(JSON.stringify(slack.blocks)).toContain("Too slow &lt;!channel&gt;");
    expect(JSON.stringify(slack.blocks)).toContain("Rating: bad");
  });
});

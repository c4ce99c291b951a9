import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

/** rating_received (issue 15, docs/rules.md): the real one-click survey route raises it to triggers and webhooks. */
const HOUR = 60 * 60 * 1000;
type Event = { type: string; field: string | null; newValue: string | null; actorType: string; reason: string | null; messageId: string | null };

const answer = (path: string, form: Record<string, string>) => exports.default.fetch(new Request(`https://kefu.test${path}`, { method: "POST", body: new URLSearchParams(form) }));
const eventsOf = async (token: string, ticketId: string) => (await call("GET", `/tickets/${ticketId}/events`, { token })).body.items as Event[];
const firedCount = async (id: string) => (await env.DB.prepare("select fired_count as n from triggers where id = ?").bind(id).first<{ n: number }>())!.n;
const deliveries = async (webhookId: string) =>
  (await env.DB.prepare("select event, body from webhook_deliveries where webhook_id = ? order by created_at, id").bind(webhookId).all<{ event: string; body: string }>()).results;

/** A solved ticket whose survey the cron sent: the path of its answer page. */
async function surveyed(token: string) {
  const ticket = await newTicket(token);
  const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Sorted.", status: "solved" } });
  expect(reply.status).toBe(201);
  await tick(new Date(Date.parse(reply.body.ticket.solvedAt) + 24 * HOUR + 1000));
  const mail = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token })).body;
  const text: string = (mail.items ?? []).find((m: { purpose: string }) => m.purpose === "survey")?.bodyText ?? "";
  return { ticket, path: new URL(text.match(/https?:\/\/\S+\/survey\/\S+/)![0]).pathname };
}

describe("rating_received", () => {
  it("a bad rating through the survey page tags the ticket and raises its priority, the trigger in the history; webhooks get the answer; a repeat is no news", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rated Triggers");
    const trigger = await call("POST", "/triggers", {
      token: ws.token,
      body: {
        name: "Bad rating",
        events: ["rating_received"],
        conditions: { all: [{ field: "rating", op: "is", value: ["bad"] }], any: [] },
        actions: [
          { type: "add_tags", tags: ["bad_rating"] },
          { type: "set_priority", value: "high" },
          { type: "add_note", body: "Unhappy customer: call back." },
        ],
      },
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
    const json = (await call("POST", "/webhooks", { token: ws.token, body: { name: "Ratings", url: "https://hooks.example.com/ratings", format: "json", events: ["ticket.rating_received"] } })).body.webhook;
    const slack = (await call("POST", "/webhooks", { token: ws.token, body: { name: "Slack", url: "https://hooks.example.com/slack", format: "slack", events: ["ticket.rating_received"] } })).body.webhook;
    const { ticket, path } = await surveyed(ws.token);
    const reason = `trigger:${trigger.body.id}:Bad rating`;

    // A good answer: news for the webhooks, not for the trigger.
    expect((await answer(path, { answer: "good" })).status).toBe(200);
    expect(await firedCount(trigger.body.id)).toBe(0);
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body).toMatchObject({ priority: "normal", tags: [] });

    // Changed to bad: the trigger fires in the answer's write.
    expect((await answer(path, { answer: "bad" })).status).toBe(200);
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body).toMatchObject({ status: "solved", priority: "high", tags: ["bad_rating"] });
    const byTrigger = (await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === reason);
    expect(byTrigger.map((e) => [e.type, e.actorType, e.field, e.newValue])).toEqual([
      ["field_change", "system", "priority", "high"],
      ["field_change", "system", "tags", '["bad_rating"]'],
      ["internal_note", "system", null, null],
    ]);
    expect(await firedCount(trigger.body.id)).toBe(1);

    // The same answer again (a reload, a second click): no event, nothing more.
    expect((await answer(path, { answer: "bad" })).status).toBe(200);
    expect(await firedCount(trigger.body.id)).toBe(1);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === reason)).toHaveLength(3);

    // A comment is news: the event again (the trigger's tag and priority already hold: only its note is new).
    expect((await answer(path, { answer: "bad", comment: "Still no lid <b>!</b>" })).status).toBe(200);
    expect(await firedCount(trigger.body.id)).toBe(2);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === reason).map((e) => e.type)).toEqual(["field_change", "field_change", "internal_note", "internal_note"]);

    // One payload per news: good, bad, bad with its comment.
    const posted = await deliveries(json.id);
    expect(posted.map((d) => d.event)).toEqual(["ticket.rating_received", "ticket.rating_received", "ticket.rating_received"]);
    const bodies = posted.map((d) => JSON.parse(d.body));
    expect(bodies.map((b) => b.rating)).toEqual([
      { answer: "good", comment: null },
      { answer: "bad", comment: null },
      { answer: "bad", comment: "Still no lid <b>!</b>" },
    ]);
    expect(bodies[1]).toMatchObject({ event: "ticket.rating_received", ticket: { id: ticket.id, number: ticket.number, priority: "high", tags: ["bad_rating"] }, changes: [{ field: "priority", from: "normal", to: "high" }, { field: "tags" }], trigger: null });
    const slackBodies = (await deliveries(slack.id)).map((d) => JSON.parse(d.body));
    expect(slackBodies).toHaveLength(3);
    expect(slackBodies[2].text).toBe(`Rating received: #${ticket.number} Tea arrived broken`);
    expect(JSON.stringify(slackBodies[2].blocks)).toContain("Still no lid &lt;b&gt;!&lt;/b&gt;");
    expect(JSON.stringify(slackBodies[2].blocks)).toContain("Rating: bad");
  });

  it("two answers at once raise the event once (the write is guarded on the survey as read)", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rated Twice");
    const trigger = await call("POST", "/triggers", { token: ws.token, body: { name: "Note ratings", events: ["rating_received"], conditions: { all: [], any: [] }, actions: [{ type: "add_note", body: "Rated." }] } });
    expect(trigger.status).toBe(201);
    const { ticket, path } = await surveyed(ws.token);
    const statuses = await Promise.all([answer(path, { answer: "bad" }), answer(path, { answer: "bad" })]);
    expect(statuses.map((r) => r.status)).toEqual([200, 200]);
    expect(await firedCount(trigger.body.id)).toBe(1);
    expect((await eventsOf(ws.token, ticket.id)).filter((e) => e.reason === `trigger:${trigger.body.id}:Note ratings`)).toHaveLength(1);
  });

  it("a trigger's `text` condition sees the comment", { timeout: 120_000 }, async () => {
    const ws = await newWorkspace("Rated Words");
    const trigger = await call("POST", "/triggers", {
      token: ws.token,
      body: { name: "Refund in a comment", events: ["rating_received"], conditions: { all: [{ field: "text", op: "contains_any", value: ["退款"] }], any: [] }, actions: [{ type: "add_tags", tags: ["refund_comment"] }] },
    });
    expect(trigger.status).toBe(201);
    const { ticket, path } = await surveyed(ws.token);
    expect((await answer(path, { answer: "good" })).status).toBe(200);
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.tags).toEqual([]);
    expect((await answer(path, { answer: "good", comment: "我想申请退款" })).status).toBe(200);
    expect((await call("GET", `/tickets/${ticket.id}`, { token: ws.token })).body.tags).toEqual(["refund_comment"]);
  });
});

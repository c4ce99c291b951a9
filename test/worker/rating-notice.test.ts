import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

const HOUR = 60 * 60 * 1000;
const post = (path: string, answer: string) => exports.default.fetch(new Request(`https://kefu.test${path}`, { method: "POST", body: new URLSearchParams({ answer }) }));
const badRatings = async (token: string, ticketId: string) =>
  (await call("GET", "/notifications?limit=100", { token })).body.items.filter((n: { kind: string; ticketId: string }) => n.kind === "bad_rating" && n.ticketId === ticketId);

describe("a bad satisfaction rating", () => {
  it("rings the ticket's assignee's bell, once per survey; a good one does not", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Rated Tea");
    const bo = await newMember(owner.token, "agent", "Bo");
    const ticket = await newTicket(owner.token, { assigneeId: bo.user.id });
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "reply", body: "Sorted.", status: "solved" } });
    expect(reply.status).toBe(201);
    await tick(new Date(Date.parse(reply.body.ticket.solvedAt) + 24 * HOUR + 1000));
    const mail = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token: owner.token })).body;
    const text: string = (mail.items ?? []).find((m: { purpose: string }) => m.purpose === "survey")?.bodyText ?? "";
    const path = new URL(text.match(/https?:\/\/\S+\/survey\/\S+/)![0]).pathname;

    expect((await post(path, "good")).status).toBe(200);
    expect(await badRatings(bo.token, ticket.id)).toEqual([]);
    expect((await post(path, "bad")).status).toBe(200);
    expect((await post(path, "bad")).status).toBe(200);
    const [notice, ...more] = await badRatings(bo.token, ticket.id);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ ticketNumber: ticket.number, actor: { type: "customer", name: "Li Wei" } });
    expect(await badRatings(owner.token, ticket.id)).toEqual([]);
  });
});

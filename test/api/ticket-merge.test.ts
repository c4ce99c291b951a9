import { describe, expect, it } from "vitest";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

type Message = { id: string; kind: string; bodyText: string; emailMessageId: string | null };
type Event = { type: string; field: string | null; newValue: string | null };

async function workspace() {
  const ws = await newWorkspace();
  return { ...ws, address: `${ws.slug}@kefu.localhost` };
}

const get = async (token: string, path: string) => (await call("GET", path, { token })).body;
const messagesOf = async (token: string, id: string) => (await get(token, `/tickets/${id}/messages`)).items as Message[];
const eventsOf = async (token: string, id: string) => (await get(token, `/tickets/${id}/events`)).items as Event[];
const ticketsOf = async (token: string) => (await get(token, "/tickets?limit=100")).items as { id: string; number: number; subject: string; status: string }[];

/** A ticket that came by email (from Li Wei, copying Zhang), tagged, with an agent's public reply. */
async function emailedTicket(ws: Awaited<ReturnType<typeof workspace>>, messageId: string) {
  const delivered = await deliverEmail(email({ to: ws.address, cc: "Zhang San <zhang.san@example.com>", subject: "Lid cracked", messageId, body: "The courier dropped the parcel." }), { from: "li.wei@example.com", to: ws.address });
  expect(delivered.error).toBeNull();
  const ticket = (await ticketsOf(ws.token)).find((t) => t.subject === "Lid cracked")!;
  await call("PATCH", `/tickets/${ticket.id}`, { token: ws.token, body: { tags: ["damaged"] } });
  const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "reply", body: "Sorry! A new lid is on its way." } });
  expect(reply.status).toBe(201);
  return { ...ticket, replyEmailId: reply.body.message.emailMessageId as string };
}

describe("merging tickets", () => {
  it("moves messages, tags and CCs to the target, closes the source with a link, and threads later mail into the target", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const source = await emailedTicket(ws, "lid-1@mail.example.com");
    const target = await newTicket(ws.token, { subject: "Refund for the teapot", tags: ["refund"] });

    const merged = await call("POST", `/tickets/${target.id}/merge`, { token: ws.token, body: { sourceIds: [source.id] } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ ticket: { id: target.id, tags: ["damaged", "refund"], mergedIntoId: null }, merged: [{ id: source.id, number: source.number }], movedMessages: 2, message: { kind: "note" }, outbound: null });
    expect(merged.body.message.bodyText).toContain(`#${source.number}`);

    const closed = await get(ws.token, `/tickets/${source.id}`);
    expect(closed).toMatchObject({ status: "closed", mergedIntoId: target.id });
    expect(closed.closedAt).not.toBeNull();
    expect(await messagesOf(ws.token, source.id)).toEqual([]);
    const thread = await messagesOf(ws.token, target.id);
    expect(thread.map((m) => m.kind)).toEqual(["customer", "reply", "customer", "note"]); // in time order: the source's first
    expect(thread.some((m) => m.emailMessageId === "lid-1@mail.example.com")).toBe(true);
    expect((await get(ws.token, `/tickets/${target.id}/participants`)).items.map((p: { email: string }) => p.email)).toContain("zhang.san@example.com");

    // Both histories name the other ticket; the source's says it was closed.
    const sourceEvents = await eventsOf(ws.token, source.id);
    expect(sourceEvents).toEqual(expect.arrayContaining([expect.objectContaining({ field: "mergedIntoId", newValue: target.id }), expect.objectContaining({ field: "status", newValue: "closed" })]));
    expect(await eventsOf(ws.token, target.id)).toEqual(expect.arrayContaining([expect.objectContaining({ field: "mergedFrom", newValue: source.id }), expect.objectContaining({ field: "tags" })]));

    // A search for the moved message's words finds the target too.
    const found = (await get(ws.token, "/tickets?q=courier")).items.map((t: { id: string }) => t.id);
    expect(found).toContain(target.id);

    // A reply to the source's old Message-ID (the agent's reply, whose outbound record stays with the source) lands in the target.
    await deliverEmail(email({ to: ws.address, subject: "Re: Lid cracked", inReplyTo: source.replyEmailId, references: `<lid-1@mail.example.com> <${source.replyEmailId}>`, body: "Thanks, got it." }), { from: "li.wei@example.com", to: ws.address });
    // So does a mail naming the source's number in its subject (from the requester).
    await deliverEmail(email({ to: ws.address, subject: `About [#${source.number}]`, body: "One more thing." }), { from: "li.wei@example.com", to: ws.address });
    const after = (await messagesOf(ws.token, target.id)).map((m) => m.bodyText.trim());
    expect(after).toEqual(expect.arrayContaining(["Thanks, got it.", "One more thing."]));
    expect(await messagesOf(ws.token, source.id)).toEqual([]);
    expect((await ticketsOf(ws.token)).length).toBe(2);
  });

  it("tells the requester only when asked: a public message on the target, in the outbox", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const [a, b, target] = [await newTicket(ws.token, { subject: "A" }), await newTicket(ws.token, { subject: "B" }), await newTicket(ws.token, { subject: "Target" })];
    const outbox = async () => (await get(ws.token, `/dev/outbox?ticketId=${target.id}`)).items as { purpose: string; to: string; bodyText: string; status: string }[];

    const quiet = await call("POST", `/tickets/${target.id}/merge`, { token: ws.token, body: { sourceIds: [a.id], notifyRequester: false } });
    expect(quiet.status).toBe(200);
    expect(quiet.body.outbound).toBeNull();
    expect(await outbox()).toEqual([]);

    const told = await call("POST", `/tickets/${target.id}/merge`, { token: ws.token, body: { sourceIds: [b.id], notifyRequester: true } });
    expect(told.status, JSON.stringify(told.body)).toBe(200);
    expect(told.body.message).toMatchObject({ kind: "reply", authorUserId: null });
    expect(told.body.outbound).toMatchObject({ toAddress: "li.wei@example.com" });
    const [mail] = await outbox();
    expect(mail).toMatchObject({ purpose: "reply", to: "li.wei@example.com" });
    expect(mail!.bodyText).toContain(`#${b.number} has been merged into #${target.number}`);
    // The notice is the system's, not an agent's reply: the target's first response is still owed.
    expect((await get(ws.token, `/tickets/${target.id}`)).firstResponseAt).toBeNull();
  });

  it("keeps one hop: merging a target on repoints the tickets merged into it", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const [a, b, c] = [await newTicket(ws.token), await newTicket(ws.token), await newTicket(ws.token)];
    expect((await call("POST", `/tickets/${b.id}/merge`, { token: ws.token, body: { sourceIds: [a.id] } })).status).toBe(200);
    expect((await call("POST", `/tickets/${c.id}/merge`, { token: ws.token, body: { sourceIds: [b.id] } })).status).toBe(200);
    expect((await get(ws.token, `/tickets/${a.id}`)).mergedIntoId).toBe(c.id);
    expect((await messagesOf(ws.token, c.id)).filter((m) => m.kind === "customer")).toHaveLength(3);
  });

  it("refuses bad merges with a code and changes nothing", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const other = await workspace();
    const [a, b, c] = [await newTicket(ws.token), await newTicket(ws.token), await newTicket(ws.token)];
    const foreign = await newTicket(other.token);
    const merge = (target: string, body: unknown) => call("POST", `/tickets/${target}/merge`, { token: ws.token, body });

    expectProblem(await merge(a.id, { sourceIds: [a.id] }), 422, "ticket_merge_self");
    expectProblem(await merge(a.id, { sourceIds: [] }), 422, "validation_failed");
    expectProblem(await merge(a.id, { sourceIds: [b.id], extra: 1 }), 422, "validation_failed");
    expectProblem(await merge(a.id, { sourceIds: "b" }), 422, "validation_failed");
    expectProblem(await merge(a.id, { sourceIds: [foreign.id] }), 404, "not_found");
    expectProblem(await merge(foreign.id, { sourceIds: [a.id] }), 404, "not_found");
    expect((await get(other.token, `/tickets/${foreign.id}`)).status).toBe("new");

    expect((await merge(b.id, { sourceIds: [a.id] })).status).toBe(200);
    expectProblem(await merge(c.id, { sourceIds: [a.id] }), 409, "ticket_already_merged");
    expectProblem(await merge(a.id, { sourceIds: [c.id] }), 409, "ticket_merge_target_merged");

    await call("PATCH", `/tickets/${c.id}`, { token: ws.token, body: { status: "solved" } });
    await call("PATCH", `/tickets/${c.id}`, { token: ws.token, body: { status: "closed" } });
    expectProblem(await merge(b.id, { sourceIds: [c.id] }), 409, "ticket_closed");
    expect((await messagesOf(ws.token, c.id)).length).toBe(1);
  });
});

describe("splitting a message out", () => {
  it("makes a new ticket with the message as its first message, linked both ways", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const ticket = await newTicket(ws.token, { subject: "Two questions", tags: ["vip"], priority: "high" });
    await deliverEmail(email({ to: ws.address, subject: `Re: [#${ticket.number}] Two questions`, body: "Also: do you ship to Hong Kong?", messageId: "second@mail.example.com" }), { from: "li.wei@example.com", to: ws.address });
    const [first, second] = await messagesOf(ws.token, ticket.id);
    expect(second!.bodyText.trim()).toBe("Also: do you ship to Hong Kong?");

    const split = await call("POST", `/tickets/${ticket.id}/messages/${second!.id}/split`, { token: ws.token, body: { subject: "Shipping to Hong Kong" } });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body).toMatchObject({ subject: "Shipping to Hong Kong", status: "new", priority: "high", tags: ["vip"], requesterId: ticket.requesterId });
    expect(split.body.number).toBe(ticket.number + 1);
    expect((await messagesOf(ws.token, split.body.id)).map((m) => m.id)).toEqual([second!.id]);
    expect((await messagesOf(ws.token, ticket.id)).map((m) => m.id)).toEqual([first!.id]);
    expect(await eventsOf(ws.token, ticket.id)).toEqual(expect.arrayContaining([expect.objectContaining({ field: "splitTo", newValue: split.body.id })]));
    expect(await eventsOf(ws.token, split.body.id)).toEqual(expect.arrayContaining([expect.objectContaining({ field: "splitFrom", newValue: ticket.id })]));

    // A reply to the split message threads into the new ticket.
    await deliverEmail(email({ to: ws.address, subject: "Re: shipping", inReplyTo: "second@mail.example.com", body: "Kowloon, to be exact." }), { from: "li.wei@example.com", to: ws.address });
    expect((await messagesOf(ws.token, split.body.id)).map((m) => m.bodyText.trim())).toContain("Kowloon, to be exact.");
  });

  it("refuses what cannot be split", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const other = await workspace();
    const ticket = await newTicket(ws.token);
    const [only] = await messagesOf(ws.token, ticket.id);
    const split = (id: string, messageId: string, body: unknown = {}) => call("POST", `/tickets/${id}/messages/${messageId}/split`, { token: ws.token, body });
    expectProblem(await split(ticket.id, only!.id), 422, "split_only_message");
    const note = await call("POST", `/tickets/${ticket.id}/messages`, { token: ws.token, body: { kind: "note", body: "internal" } });
    expectProblem(await split(ticket.id, note.body.message.id), 422, "split_not_customer_message");
    expectProblem(await split(ticket.id, "msg_nope"), 404, "not_found");
    expectProblem(await split(ticket.id, only!.id, { subject: "" }), 422, "validation_failed");
    const foreign = await newTicket(other.token);
    const [foreignMessage] = await messagesOf(other.token, foreign.id);
    expectProblem(await split(ticket.id, foreignMessage!.id), 404, "not_found");
    expectProblem(await split(foreign.id, foreignMessage!.id), 404, "not_found");
    expect((await ticketsOf(ws.token)).length).toBe(1);
  });
});

describe("merging from the bulk bar", () => {
  const bulkMerge = (token: string, body: unknown) => call("POST", "/bulk/tickets/merge", { token, body });

  it("merges the sources that can merge and says why each other cannot", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const other = await workspace();
    const [target, a, b, closed] = [await newTicket(ws.token, { subject: "Oldest" }), await newTicket(ws.token, { tags: ["a"] }), await newTicket(ws.token), await newTicket(ws.token)];
    await call("PATCH", `/tickets/${closed.id}`, { token: ws.token, body: { status: "solved" } });
    await call("PATCH", `/tickets/${closed.id}`, { token: ws.token, body: { status: "closed" } });
    const foreign = await newTicket(other.token);

    const res = await bulkMerge(ws.token, { targetId: target.id, sourceIds: [a.id, foreign.id, closed.id, b.id, a.id], notifyRequester: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results).toEqual([
      { id: a.id, result: "merged" },
      { id: foreign.id, result: "not_found" },
      { id: closed.id, result: "refused", code: "ticket_closed", message: expect.any(String) },
      { id: b.id, result: "merged" },
    ]);
    expect(res.body).toMatchObject({ ticket: { id: target.id, tags: ["a"] }, message: { kind: "note" }, outbound: null });
    for (const id of [a.id, b.id]) expect(await get(ws.token, `/tickets/${id}`)).toMatchObject({ status: "closed", mergedIntoId: target.id });
    expect(await eventsOf(ws.token, target.id)).toEqual(expect.arrayContaining([a.id, b.id].map((id) => expect.objectContaining({ field: "mergedFrom", newValue: id }))));
    expect((await messagesOf(ws.token, target.id)).filter((m) => m.kind === "customer")).toHaveLength(3);
    // The other workspace's ticket is untouched.
    expect(await get(other.token, `/tickets/${foreign.id}`)).toMatchObject({ status: "new", mergedIntoId: null });

    // Nothing left that can merge: nothing is written, each source says why.
    const again = await bulkMerge(ws.token, { targetId: target.id, sourceIds: [a.id, foreign.id] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ message: null, results: [{ id: a.id, result: "refused", code: "ticket_already_merged" }, { id: foreign.id, result: "not_found" }] });
    expect((await messagesOf(ws.token, target.id)).filter((m) => m.kind === "note")).toHaveLength(1);
  });

  it("tells the requester when asked", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const [target, a] = [await newTicket(ws.token, { subject: "Target" }), await newTicket(ws.token)];
    const res = await bulkMerge(ws.token, { targetId: target.id, sourceIds: [a.id], notifyRequester: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ results: [{ id: a.id, result: "merged" }], message: { kind: "reply" }, outbound: { toAddress: "li.wei@example.com" } });
  });

  it("refuses a bad target or bad input as a whole and changes nothing", { timeout: 60_000 }, async () => {
    const ws = await workspace();
    const other = await workspace();
    const [a, b] = [await newTicket(ws.token), await newTicket(ws.token)];
    const foreign = await newTicket(other.token);
    expectProblem(await bulkMerge(ws.token, { targetId: foreign.id, sourceIds: [a.id] }), 404, "not_found");
    expectProblem(await bulkMerge(ws.token, { targetId: "tkt_nope", sourceIds: [a.id] }), 404, "not_found");
    expectProblem(await bulkMerge(ws.token, { targetId: a.id, sourceIds: [a.id, b.id] }), 422, "ticket_merge_self");
    for (const body of [{ targetId: a.id, sourceIds: [] }, { targetId: a.id }, { sourceIds: [b.id] }, { targetId: a.id, sourceIds: [b.id], extra: 1 }, { targetId: a.id, sourceIds: Array.from({ length: 11 }, (_, i) => `tkt_${i}`) }, { targetId: 5, sourceIds: [b.id] }])
      expectProblem(await bulkMerge(ws.token, body), 422, "validation_failed");
    const reader = (await call("POST", "/api-tokens", { token: ws.token, body: { name: "r", scope: "read" } })).body.token;
    expectProblem(await bulkMerge(reader, { targetId: a.id, sourceIds: [b.id] }), 403);
    expect(await get(ws.token, `/tickets/${b.id}`)).toMatchObject({ status: "new", mergedIntoId: null });
    expect(await get(other.token, `/tickets/${foreign.id}`)).toMatchObject({ status: "new", mergedIntoId: null });
  });
});

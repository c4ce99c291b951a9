import { describe, expect, it } from "vitest";
import { call, expectProblem, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

// An agent opens a ticket for a phone call, a walk-in or a chat (issue 13, browser flow 64).
describe("a new ticket from the app", () => {
  it("by phone, with the customer's words: a customer message from the requester, found by address, no email", async () => {
    const { token } = await newWorkspace();
    const customer = await call("POST", "/customers", { token, body: { name: "Li Wei", emails: ["li.wei@example.com"] } });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const created = await call("POST", "/tickets", {
      token,
      body: { subject: "Called about a late parcel", description: "My parcel is a week late.", channel: "phone", requester: { email: "LI.WEI@example.com" }, priority: "high", type: "incident", tags: ["parcel"] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ channel: "phone", status: "new", priority: "high", type: "incident", tags: ["parcel"], requesterId: customer.body.id, firstResponseAt: null });
    const messages = (await call("GET", `/tickets/${created.body.id}/messages`, { token })).body.items;
    expect(messages).toEqual([expect.objectContaining({ kind: "customer", authorCustomerId: customer.body.id, authorUserId: null, bodyText: "My parcel is a week late." })]);
    expect((await call("GET", "/dev/outbox", { token })).body.items).toEqual([]);
  });

  it("with an outbound first reply: a public reply by the agent, mailed to a requester created on the way, recorded in the outbox", async () => {
    const { token, user, slug } = await newWorkspace();
    const created = await call("POST", "/tickets", {
      token,
      body: { subject: "Your order of Dragon Well", description: "We are sorry: the tin you ordered is out of stock until May.", firstMessage: "reply", channel: "phone", requester: { email: "new.buyer@example.com", name: "New Buyer" } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: "open", channel: "phone" });
    const customer = (await call("GET", `/customers/${created.body.requesterId}`, { token })).body;
    expect(customer).toMatchObject({ name: "New Buyer" });

    const [message] = (await call("GET", `/tickets/${created.body.id}/messages`, { token })).body.items;
    expect(message).toMatchObject({ kind: "reply", authorUserId: user.id, authorCustomerId: null });
    const events = (await call("GET", `/tickets/${created.body.id}/events`, { token })).body.items;
    expect(events.find((e: { messageId: string | null }) => e.messageId === message.id)).toMatchObject({ type: "public_reply", actorType: "agent", actorId: user.id });

    const [mail] = (await call("GET", `/dev/outbox?ticketId=${created.body.id}`, { token })).body.items;
    expect(mail).toMatchObject({ purpose: "reply", to: "new.buyer@example.com", replyTo: `${slug}@kefu.localhost`, status: "sent", inReplyTo: null, references: [] });
    expect(mail.subject).toBe(`[#${created.body.number}] Your order of Dragon Well`);
    expect(mail.bodyText).toContain("out of stock until May");
    expect(mail.messageId).toBe(message.emailMessageId);

    // The customer's answer threads into the same ticket.
    const answer = email({ from: "New Buyer <new.buyer@example.com>", to: `${slug}@kefu.localhost`, subject: "Re: Your order", inReplyTo: mail.messageId, body: "Then I will wait, thanks." });
    expect((await deliverEmail(answer, { from: "new.buyer@example.com", to: `${slug}@kefu.localhost` })).error).toBeNull();
    const thread = (await call("GET", `/tickets/${created.body.id}/messages`, { token })).body.items;
    expect(thread.map((m: { kind: string }) => m.kind)).toEqual(["reply", "customer"]);
  });

  it("walk-in and chat tickets keep their channel: in the ticket, an SLA policy's condition and the report's channel split", async () => {
    const { token } = await newWorkspace();
    const requester = { email: "walk.in@example.com", name: "Zhao Min" };
    const walkIn = await call("POST", "/tickets", { token, body: { subject: "Came to the shop about gift boxes", description: "Wants 20 gift boxes by Friday.", channel: "walk_in", requester } });
    const chat = await call("POST", "/tickets", { token, body: { subject: "Chat: where is my order", description: "Order 1138?", channel: "chat", requester } });
    expect(walkIn.status, JSON.stringify(walkIn.body)).toBe(201);
    expect(walkIn.body).toMatchObject({ channel: "walk_in", status: "new" });
    expect(chat.body).toMatchObject({ channel: "chat" });
    expect((await call("GET", `/tickets/${walkIn.body.id}`, { token })).body.channel).toBe("walk_in");

    const policy = await call("POST", "/sla-policies", { token, body: { name: "Walk-ins", conditions: { channels: ["walk_in", "chat"] }, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    expect(policy.body.conditions.channels).toEqual(["walk_in", "chat"]);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await call("GET", `/reports/kpis?from=${day(-1)}&to=${day(1)}&groupBy=channel`, { token });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const created = Object.fromEntries(report.body.buckets.map((b: { key: string; kpis: { ticketsCreated: number } }) => [b.key, b.kpis.ticketsCreated]));
    expect(created).toMatchObject({ walk_in: 1, chat: 1, phone: 0 });
  });

  it("an unknown channel or first-message kind, or a requester id that does not exist, is refused", async () => {
    const { token } = await newWorkspace();
    const base = { subject: "Walk-in", description: "Asked about gift boxes.", requester: { email: "walk.in@example.com" } };
    expectProblem(await call("POST", "/tickets", { token, body: { ...base, channel: "fax" } }), 422, "validation_failed");
    expectProblem(await call("POST", "/tickets", { token, body: { ...base, firstMessage: "forward" } }), 422, "validation_failed");
    expectProblem(await call("POST", "/tickets", { token, body: { ...base, requester: { id: "cus_nobody" } } }), 422);
    expect((await call("GET", "/tickets", { token })).body.items).toEqual([]);
  });
});

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "../../workers/core/live/live-events";
import type { ServerMessage } from "../../workers/core/live/live-protocol";
import { TYPING_TTL_MS, type Viewer } from "../../workers/core/live/presence";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";
import { deliverEmail, email } from "../helpers/mail";
import { connect, eventOf, isEvents, upgrade } from "../helpers/live-client";

const isPresence = (m: ServerMessage): m is Extract<ServerMessage, { type: "presence" }> => m.type === "presence";
const presenceWhere = (check: (viewers: Viewer[]) => boolean) => (m: ServerMessage): m is Extract<ServerMessage, { type: "presence" }> => isPresence(m) && check(m.viewers);

let owner: Awaited<ReturnType<typeof newWorkspace>>;
let agent: Awaited<ReturnType<typeof newMember>>;
let other: Awaited<ReturnType<typeof newWorkspace>>;

beforeAll(async () => {
  owner = await newWorkspace("Live Tea");
  agent = await newMember(owner.token, "agent", "安娜 Agent");
  other = await newWorkspace("Other Shop");
});

describe("the live socket's door", () => {
  it("needs a credential, a WebSocket, and for the cookie Kefu's own origin", async () => {
    expectProblem(await call("GET", "/live", { headers: { Upgrade: "websocket" } }), 401, "unauthenticated");
    expectProblem(await call("GET", "/live", { token: owner.token }), 400, "websocket_required");
    const login = await call("POST", "/auth/login", { body: { workspace: owner.slug, email: owner.email, password: owner.password } });
    const Cookie = login.headers.get("Set-Cookie")!.split(";")[0]!;
    const crossSite = await upgrade({ Cookie, Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { code: string }).code).toBe("csrf_rejected");
    const sameSite = await upgrade({ Cookie, Origin: "https://kefu.test", "Sec-Fetch-Site": "same-origin" });
    expect(sameSite.status).toBe(101);
    sameSite.webSocket!.accept();
    sameSite.webSocket!.close(1000, "done");
  });

  it("answers ping with pong", async () => {
    const client = await connect(owner.token);
    const pong = new Promise<string>((resolve) => client.socket.addEventListener("message", (e) => e.data === "pong" && resolve(e.data as string)));
    client.socket.send("ping");
    expect(await pong).toBe("pong");
  });
});

describe("changes reach the workspace's connected agents", () => {
  it("a created ticket, a change and a reply, each once, after the write", async () => {
    const watcher = await connect(agent.token);
    const ticket = await newTicket(owner.token, { subject: "Live one" });
    const created = await watcher.next(eventOf("ticket.created", ticket.id));
    expect(created.events.filter((e) => e.type === "ticket.created")).toEqual([expect.objectContaining({ ticketId: ticket.id, requesterId: ticket.requesterId, status: "new", priority: "normal", actor: { type: "agent", id: owner.user.id } })]);

    const patched = await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { priority: "high", assigneeId: agent.user.id, tags: ["vip"] } });
    expect(patched.status).toBe(200);
    const updated = await watcher.next(eventOf("ticket.updated", ticket.id));
    expect(updated.events.find((e) => e.type === "ticket.updated")).toMatchObject({ changes: { priority: "high", assigneeId: agent.user.id }, fields: expect.arrayContaining(["priority", "assigneeId", "tags"]) });

    const note = await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "note", body: "secret note text" } });
    expect(note.status).toBe(201);
    const added = await watcher.next(eventOf("message.added", ticket.id));
    expect(added.events.find((e) => e.type === "message.added")).toMatchObject({ kind: "note", ticketId: ticket.id });

    const from = watcher.received.length;
    const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token: owner.token, body: { kind: "reply", body: "On its way", status: "pending" } });
    expect(reply.status).toBe(201);
    const replied = await watcher.next(eventOf("message.added", ticket.id), from);
    expect(replied.events.find((e) => e.type === "message.added")).toMatchObject({ kind: "reply", status: "pending", changes: { status: "pending" } });
    // Events name what changed, never a message's text.
    expect(JSON.stringify(watcher.received)).not.toContain("secret note text");
  });

  it("a customer's email: a new ticket, then the customer's reply on it", async () => {
    const watcher = await connect(agent.token);
    const first = await deliverEmail(email({ to: `${owner.slug}@kefu.localhost`, subject: "Live by mail", messageId: "live-mail-1@example.com" }), { from: "li.wei@example.com", to: `${owner.slug}@kefu.localhost` });
    expect(first.error).toBeNull();
    const created = await watcher.next(eventOf("ticket.created"));
    const event = created.events.find((e) => e.type === "ticket.created")!;
    const ticketId = event.ticketId;
    expect(event).toMatchObject({ actor: { type: "customer" }, status: "new" });
    const { number } = (await call("GET", `/tickets/${ticketId}`, { token: owner.token })).body;
    const second = await deliverEmail(email({ to: `${owner.slug}@kefu.localhost`, subject: `Re: [#${number}] Live by mail`, body: "Any news?" }), { from: "li.wei@example.com", to: `${owner.slug}@kefu.localhost` });
    expect(second.error).toBeNull();
    const added = await watcher.next(eventOf("message.added", ticketId));
    expect(added.events.find((e) => e.type === "message.added")).toMatchObject({ kind: "customer" });
  });

  it("the test email an agent sends themselves (through the mail pipeline from the API)", async () => {
    const watcher = await connect(agent.token);
    const sent = await call("POST", "/test-emails", { token: owner.token, body: {} });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    const created = await watcher.next(eventOf("ticket.created", sent.body.ticketId));
    expect(created.events.find((e) => e.type === "ticket.created")).toMatchObject({ status: "new", actor: { type: "customer" } });
  });

  it("never crosses workspaces: another workspace's socket hears nothing and sees nobody", async () => {
    const outsider = await connect(other.token);
    const insider = await connect(agent.token);
    insider.send({ type: "view", ticketId: "tkt_anything" });
    const ticket = await newTicket(owner.token, { subject: "Not for others" });
    await insider.next(eventOf("ticket.created", ticket.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outsider.received.filter(isEvents)).toEqual([]);
    const seen = outsider.received.filter(isPresence).flatMap((m) => m.viewers.map((v) => v.userId));
    expect(seen.every((id) => id === other.user.id)).toBe(true);
    // And the other workspace's own change reaches its own socket only.
    const theirs = await newTicket(other.token, { subject: "Theirs" });
    await outsider.next(eventOf("ticket.created", theirs.id));
    expect(insider.received.some((m) => isEvents(m) && m.events.some((e) => e.ticketId === theirs.id))).toBe(false);
  });

  it("the cron's changes too: an auto-close", async () => {
    expect((await call("PUT", "/sla-settings", { token: owner.token, body: { defaultCalendarId: null, autoCloseDays: 1 } })).status).toBe(200);
    const ticket = await newTicket(owner.token, { subject: "Closes by itself" });
    expect((await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { status: "solved" } })).status).toBe(200);
    const watcher = await connect(agent.token);
    await tick(new Date(Date.now() + 2 * 86_400_000));
    const closed = await watcher.next(eventOf("ticket.updated", ticket.id));
    expect(closed.events.find((e) => e.type === "ticket.updated")).toMatchObject({ changes: { status: "closed" }, actor: { type: "system", id: null } });
  });

  it("a write succeeds when the live workspace cannot be reached", async () => {
    const { env } = await import("cloudflare:workers");
    const broken = { ...env, LIVE: { idFromName: () => { throw new Error("no live room"); }, get: () => { throw new Error("no live room"); } } } as unknown as Env;
    const worker = (await import("../../workers/main")).default;
    const { createExecutionContext, waitOnExecutionContext } = await import("cloudflare:test");
    const ctx = createExecutionContext();
    const request = new Request("https://kefu.test/api/v1/tickets", {
      method: "POST",
      headers: { Authorization: `Bearer ${owner.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ subject: "Still saved", description: "x", requester: { email: "li.wei@example.com" } }),
    });
    const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], broken, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(201);
  });
});

describe("presence", () => {
  it("who views which ticket and who types; typing runs out; a closed tab leaves", { timeout: 60_000 }, async () => {
    const a = await connect(owner.token);
    const b = await connect(agent.token);
    const ticket = await newTicket(owner.token, { subject: "Presence" });
    const onTicket = (v: Viewer) => v.userId === owner.user.id && v.ticketId === ticket.id;

    let from = b.received.length;
    a.send({ type: "view", ticketId: ticket.id });
    const viewing = await b.next(presenceWhere((viewers) => viewers.some((v) => onTicket(v) && !v.typing)), from);
    expect(viewing.viewers.find(onTicket)).toEqual({ userId: owner.user.id, name: "Olivia Owner", ticketId: ticket.id, typing: false });
    // Names in any script arrive intact.
    expect(viewing.viewers.find((v) => v.userId === agent.user.id)?.name).toBe("安娜 Agent");

    from = b.received.length;
    a.send({ type: "typing", typing: true });
    await b.next(presenceWhere((viewers) => viewers.some((v) => onTicket(v) && v.typing)), from);

    // No renewal: the lease runs out on the server (its alarm) within a few seconds.
    const started = Date.now();
    from = b.received.length;
    await new Promise((resolve) => setTimeout(resolve, TYPING_TTL_MS - 500));
    expect(b.received.slice(from).filter(isPresence)).toEqual([]);
    await b.next(presenceWhere((viewers) => viewers.some((v) => onTicket(v) && !v.typing)), from);
    expect(Date.now() - started).toBeLessThan(TYPING_TTL_MS + 4_000);

    // Bad signals are ignored, not errors.
    a.socket.send("{not json");
    a.send({ type: "view", ticketId: "x".repeat(500) });
    a.send({ type: "typing", typing: "yes" });

    from = b.received.length;
    a.close();
    await b.next(presenceWhere((viewers) => !viewers.some((v) => v.userId === owner.user.id)), from);
  });

  it("a connection is closed when its time is up, so that it connects (and authenticates) again", async () => {
    const client = await connect(agent.token);
    const closed = new Promise<number>((resolve) => client.socket.addEventListener("close", (event) => resolve(event.code)));
    const room = env.LIVE.get(env.LIVE.idFromName(owner.workspace.id));
    await runInDurableObject(room, (_object, state) => {
      for (const ws of state.getWebSockets()) ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), reconnectAt: Date.now() - 1 });
    });
    expect(await runDurableObjectAlarm(room)).toBe(true);
    expect(await closed).toBe(4001);
  });

  it("an SLA breach on my ticket rings my bell live, from the cron", async () => {
    const shop = await newWorkspace("Breach Tea");
    const bo = await newMember(shop.token, "agent", "Bo Agent");
    expect((await call("POST", "/sla-policies", { token: shop.token, body: { name: "Reply", conditions: {}, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } })).status).toBe(201);
    const ticket = await newTicket(shop.token, { assigneeId: bo.user.id });
    const bell = await connect(bo.token);
    const from = bell.received.length;
    await tick(new Date(Date.now() + 3_600_000));
    const rang = await bell.next(eventOf("notification", ticket.id), from);
    expect(rang.events.find((e) => e.type === "notification")).toMatchObject({ kind: "sla_breach", ticketId: ticket.id, userIds: [bo.user.id] });
  });

  it("an escalation moving a ticket into my group, with nobody assigned, rings my bell live, from the cron", async () => {
    const shop = await newWorkspace("Escalation Tea");
    const cy = await newMember(shop.token, "agent", "Cy Agent");
    const group = await call("POST", "/groups", { token: shop.token, body: { name: "Escalations" } });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect((await call("POST", `/groups/${group.body.id}/members`, { token: shop.token, body: { userId: cy.user.id } })).status).toBe(200);
    const policy = await call("POST", "/sla-policies", {
      token: shop.token,
      body: { name: "Escalate", conditions: {}, escalateGroupId: group.body.id, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } },
    });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const ticket = await newTicket(shop.token, { assigneeId: shop.user.id });
    const bell = await connect(cy.token);
    const from = bell.received.length;
    await tick(new Date(Date.now() + 3_600_000));
    const rang = await bell.next(eventOf("notification", ticket.id), from);
    expect(rang.events.find((e) => e.type === "notification")).toMatchObject({ kind: "new_ticket", ticketId: ticket.id, userIds: [cy.user.id] });
  });

  it("an event addressed to some agents reaches only their sockets", async () => {
    const ownerSocket = await connect(owner.token);
    const agentSocket = await connect(agent.token);
    const room = env.LIVE.get(env.LIVE.idFromName(owner.workspace.id));
    const addressed = { type: "ticket.updated", ticketId: "tkt_addressed", fields: [], changes: {}, actor: { type: "system", id: null }, at: 1, userIds: [agent.user.id] } as unknown as LiveEvent;
    expect(await room.publish([addressed])).toBe(1);
    await agentSocket.next(eventOf("ticket.updated", "tkt_addressed"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ownerSocket.received.some((m) => isEvents(m) && m.events.some((e) => e.ticketId === "tkt_addressed"))).toBe(false);
  });
});

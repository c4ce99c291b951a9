import { env } from "cloudflare:workers";
import { encodeCursor } from "../../workers/core/pagination";
import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

describe("creating tickets", () => {
  it("numbers tickets per workspace, finds or creates the requester, records the first message", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const first = await newTicket(a.token, { tags: ["Broken Item", "refund", "refund"] });
    const second = await newTicket(a.token, { requester: { email: "LI.WEI@example.com" } });
    const other = await newTicket(b.token);
    expect([first.number, second.number, other.number]).toEqual([1, 2, 1]);
    expect(first).toMatchObject({ ref: "#1", status: "new", priority: "normal", type: "question", channel: "api", tags: ["broken_item", "refund"] });
    expect(second.requesterId).toBe(first.requesterId);
    const customer = await call("GET", `/customers/${first.requesterId}`, { token: a.token });
    expect(customer.body).toMatchObject({ name: "Li Wei", emails: ["li.wei@example.com"] });
    const messages = await call("GET", `/tickets/${first.id}/messages`, { token: a.token });
    expect(messages.body.items).toMatchObject([{ kind: "customer", authorCustomerId: first.requesterId, bodyText: "The teapot lid was cracked on arrival." }]);
  });

  it("never hands out one number twice under concurrent creates", async () => {
    const { token } = await newWorkspace();
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => newTicket(token, { subject: `Parallel ${i}` })));
    const numbers = created.map((t) => t.number).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("names every invalid field and creates nothing", async () => {
    const { token } = await newWorkspace();
    const res = await call("POST", "/tickets", { token, body: { subject: "", description: "x", requester: { email: "not-an-address" }, priority: "critical", tags: "a" } });
    const problem = expectProblem(res, 422, "validation_failed");
    const fields = problem.errors!.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["body.subject", "body.priority", "body.tags"]));
    expect(fields.some((f) => f.startsWith("body.requester"))).toBe(true);
    expectProblem(await call("POST", "/tickets", { token, body: { subject: "s", description: "d", requester: { id: "cus_nope" } } }), 422, "requester_not_found");
    expectProblem(await call("POST", "/tickets", { token, body: { subject: "s", description: "d", requester: { email: "a@b.example" }, status: "closed" } }), 422);
    expect((await call("GET", "/tickets", { token })).body.items).toEqual([]);
  });
});

describe("changing tickets", () => {
  it("records every field change with actor and time in the append-only history", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const groups = (await call("GET", "/groups", { token: owner.token })).body.items;
    const tier2 = groups.find((g: { name: string }) => g.name === "Tier 2");
    await call("POST", `/groups/${tier2.id}/members`, { token: owner.token, body: { userId: agent.user.id } });
    const ticket = await newTicket(owner.token);

    const changed = await call("PATCH", `/tickets/${ticket.id}`, {
      token: agent.token,
      body: { priority: "urgent", type: "complaint", groupId: tier2.id, assigneeId: agent.user.id, tags: ["vip", "refund"] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ priority: "urgent", type: "complaint", status: "open", assigneeId: agent.user.id, groupId: tier2.id, tags: ["refund", "vip"] });

    const events = (await call("GET", `/tickets/${ticket.id}/events`, { token: owner.token })).body.items;
    const changes = events.filter((e: { type: string; actorId: string }) => e.type === "field_change" && e.actorId === agent.user.id);
    expect(Object.fromEntries(changes.map((e: { field: string; oldValue: string; newValue: string }) => [e.field, [e.oldValue, e.newValue]]))).toEqual({
      priority: ["normal", "urgent"],
      type: ["question", "complaint"],
      status: ["new", "open"],
      groupId: [null, tier2.id],
      assigneeId: [null, agent.user.id],
      tags: ["[]", '["refund","vip"]'],
    });
    expect(events[0]).toMatchObject({ type: "ticket_created", actorType: "agent", actorId: owner.user.id, newValue: "Tea arrived broken" });

    const unchanged = await call("PATCH", `/tickets/${ticket.id}`, { token: agent.token, body: { priority: "urgent" } });
    expect(unchanged.status).toBe(200);
    expect((await call("GET", `/tickets/${ticket.id}/events`, { token: owner.token })).body.items).toHaveLength(events.length);

    await expect(env.DB.prepare("update ticket_events set new_value = 'low' where ticket_id = ?").bind(ticket.id).run()).rejects.toThrow(/append-only/);
  });

  it("enforces the status rules and keeps the timestamps", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "closed" } }), 422, "invalid_status_transition");
    const solved = await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } });
    expect(solved.body.solvedAt).not.toBeNull();
    const reopened = await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "open" } });
    expect(reopened.body.solvedAt).toBeNull();
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "new" } }), 422, "invalid_status_transition");
    await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } });
    const closed = await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "closed" } });
    expect(closed.body).toMatchObject({ status: "closed", closedAt: expect.any(String), solvedAt: expect.any(String) });
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token, body: { priority: "high" } }), 409, "ticket_closed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "too late" } }), 409, "ticket_closed");
  });

  it("only assigns active agents of the workspace, and only within the ticket's group", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const tier1 = (await call("GET", "/groups", { token: owner.token })).body.items[0];
    const ticket = await newTicket(owner.token, { groupId: tier1.id });
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { assigneeId: agent.user.id } }), 422, "assignee_not_in_group");
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { assigneeId: "usr_nobody" } }), 422, "assignee_not_found");
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { groupId: "grp_nothing" } }), 422, "group_not_found");
    // An empty id names nothing (it is not "none"): refused, never written (it was a 500, found by fuzzing).
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { groupId: "" } }), 422, "group_not_found");
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { assigneeId: "" } }), 422, "assignee_not_found");
    expectProblem(await call("POST", "/tickets", { token: owner.token, body: { subject: "x", description: "y", requester: { email: "a@example.com" }, groupId: "" } }), 422, "group_not_found");
    const moved = await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { groupId: null, assigneeId: agent.user.id } });
    expect(moved.body).toMatchObject({ groupId: null, assigneeId: agent.user.id });
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: {} }), 422, "validation_failed");
    expectProblem(await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { colour: "red" } }), 422, "validation_failed");
  });
});

describe("replies and notes", () => {
  it("a public reply is recorded, emailed with threading headers, and stamps the first response", async () => {
    const { token, slug } = await newWorkspace();
    const ticket = await newTicket(token);
    const first = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Sorry! A new lid is on its way.", status: "pending" } });
    expect(first.status).toBe(201);
    expect(first.body.ticket).toMatchObject({ status: "pending", firstResponseAt: first.body.message.createdAt });
    expect(first.body.outbound).toMatchObject({ status: "sent", toAddress: "li.wei@example.com" });

    const second = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "It shipped today." } });
    expect(second.body.ticket.firstResponseAt).toBe(first.body.message.createdAt);

    const outbox = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, { token })).body.items;
    expect(outbox).toHaveLength(2);
    const [latest, earliest] = outbox;
    expect(earliest).toMatchObject({ subject: "Re: [#1] Tea arrived broken", replyTo: `${slug}@kefu.localhost`, to: "li.wei@example.com", status: "sent" });
    expect(earliest.messageId).toMatch(/@kefu\.localhost$/);
    expect(latest.inReplyTo).toBe(earliest.messageId);
    expect(latest.references).toEqual([earliest.messageId]);
    expect(latest.bodyText).toContain("It shipped today.");
    const stored = await env.DB.prepare("select email_message_id from messages where id = ?").bind(first.body.message.id).first<{ email_message_id: string }>();
    expect(stored!.email_message_id).toBe(earliest.messageId);
  });

  it("an internal note sends nothing and does not count as a response", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const note = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "note", body: "Customer is a regular; be generous." } });
    expect(note.body).toMatchObject({ outbound: null, ticket: { status: "new", firstResponseAt: null }, message: { kind: "note" } });
    expect((await call("GET", "/dev/outbox", { token })).body.items).toEqual([]);
    const events = (await call("GET", `/tickets/${ticket.id}/events`, { token })).body.items;
    expect(events.at(-1)).toMatchObject({ type: "internal_note", messageId: note.body.message.id });
  });

  it("a standard reply is filled in for the ticket", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const reply = await call("POST", "/standard-replies", { token, body: { title: "Replacement", body: "Hi {{customer.first_name}}, a replacement for {{ticket.number}} is on its way. — {{agent.name}}, {{workspace.name}}" } });
    const sent = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", standardReplyId: reply.body.id } });
    expect(sent.body.message.bodyText).toBe("Hi Li, a replacement for #1 is on its way. — Olivia Owner, Acme Tea");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply" } }), 422, "validation_failed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "x", standardReplyId: reply.body.id } }), 422);
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", standardReplyId: "srp_none" } }), 404);
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "shout", body: "x" } }), 422);
  });
});

describe("listing, filtering and searching", () => {
  async function seed() {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const tier1 = (await call("GET", "/groups", { token: owner.token })).body.items[0];
    const t1 = await newTicket(owner.token, { subject: "Refund for broken teapot", priority: "high", type: "complaint", tags: ["refund"] });
    const t2 = await newTicket(owner.token, { subject: "Where is my order?", assigneeId: agent.user.id, requester: { email: "wang.fang@example.cn", name: "王芳" }, description: "我的订单还没有到，请帮我查一下物流。" });
    const t3 = await newTicket(owner.token, { subject: "Wholesale question", description: "Do you sell 5 kg bags of oolong?", groupId: tier1.id, status: "pending", type: "task" });
    return { owner, agent, tier1, t1, t2, t3 };
  }

  it("filters by every field", async () => {
    const { owner, agent, tier1, t1, t2, t3 } = await seed();
    const ids = async (query: string) => (await call("GET", `/tickets?${query}`, { token: owner.token })).body.items.map((t: { id: string }) => t.id).sort();
    expect(await ids("status=new")).toEqual([t1.id, t2.id].sort());
    expect(await ids("status=pending,open")).toEqual([t3.id]);
    expect(await ids("priority=high")).toEqual([t1.id]);
    expect(await ids("type=complaint,task")).toEqual([t1.id, t3.id].sort());
    expect(await ids(`assigneeId=${agent.user.id}`)).toEqual([t2.id]);
    expect(await ids("assigneeId=none")).toEqual([t1.id, t3.id].sort());
    expect(await ids(`groupId=${tier1.id}`)).toEqual([t3.id]);
    expect(await ids("tag=REFUND")).toEqual([t1.id]);
    expect(await ids(`requesterId=${t2.requesterId}`)).toEqual([t2.id]);
    expect(await ids(`updatedSince=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
    expectProblem(await call("GET", "/tickets?status=open,lost", { token: owner.token }), 422, "validation_failed");
    expectProblem(await call("GET", "/tickets?limit=1000", { token: owner.token }), 422, "validation_failed");
    expectProblem(await call("GET", "/tickets?updatedSince=yesterday", { token: owner.token }), 422, "validation_failed");
  });

  it("searches subjects and messages, in English and Chinese, short words too", async () => {
    const { owner, t1, t2 } = await seed();
    const search = async (q: string) => (await call("GET", `/tickets?q=${encodeURIComponent(q)}`, { token: owner.token })).body.items.map((t: { id: string }) => t.id);
    expect(await search("teapot")).toEqual([t1.id]);
    expect(await search("TEAPOT refund")).toEqual([t1.id]);
    expect(await search("teapot order")).toEqual([]);
    expect(await search("物流")).toEqual([t2.id]);
    expect(await search("订单还没有")).toEqual([t2.id]);
    expect(await search('"; drop table tickets; --')).toEqual([]);
    await call("POST", `/tickets/${t1.id}/messages`, { token: owner.token, body: { kind: "note", body: "Courier: SF Express waybill 998877" } });
    expect(await search("998877")).toEqual([t1.id]);
    // A number of one or two digits is a ticket's number, not a substring of the text.
    expect(await search("87")).toEqual([]);
  });

  it("finds tickets by the requester's name, organisation and address, and by number; filters combine with it", async () => {
    const { owner, t1, t2, t3 } = await seed();
    const other = await newWorkspace();
    await newTicket(other.token, { subject: "Elsewhere", requester: { email: "wang.fang@example.cn", name: "王芳" } });
    await call("PATCH", `/customers/${t2.requesterId}`, { token: owner.token, body: { organization: "Oolong Traders" } });
    const search = async (q: string, more = "") => (await call("GET", `/tickets?q=${encodeURIComponent(q)}${more}`, { token: owner.token })).body.items.map((t: { id: string }) => t.id).sort();
    expect(await search("王芳")).toEqual([t2.id]);
    expect(await search("芳")).toEqual([t2.id]);
    expect(await search("wang.fang@example.cn")).toEqual([t2.id]);
    expect(await search("Oolong Traders")).toEqual([t2.id]);
    expect(await search("oolong")).toEqual([t2.id, t3.id].sort()); // t3's message, t2's organisation
    expect(await search("Li Wei")).toEqual([t1.id, t3.id].sort());
    expect(await search("Li Wei teapot")).toEqual([t1.id]); // every word: requester or text
    expect(await search("Li Wei", "&status=pending")).toEqual([t3.id]);
    expect(await search(`#${t3.number}`)).toEqual([t3.id]);
    expect(await search(String(t2.number))).toEqual([t2.id]);
    expect(await search(`${t1.number} teapot`)).toEqual([t1.id]);
  });

  it("answers a long search with filters and a cursor in one statement, and one too long for D1 (100 bound values) with a clear 422", async () => {
    const { owner, agent, tier1, t1 } = await seed();
    const words = ["teapot", "oolong", "王芳", "a", "1", "refund", "li", "#7"];
    const some = `&status=new,open&priority=high&assigneeId=${agent.user.id}&tag=refund`;
    const every = `&status=new,open,pending,on_hold,solved,closed&priority=low,normal,high,urgent&type=question,incident,problem,complaint,task&assigneeId=${agent.user.id}&groupId=${tier1.id}&tag=refund&requesterId=${t1.requesterId}&updatedSince=2020-01-01T00:00:00Z`;
    const search = (q: string[], filters: string, more = "") => call("GET", `/tickets?q=${encodeURIComponent(q.join(" "))}${filters}&limit=1${more}`, { token: owner.token });
    for (const more of ["", "&sla=breached", "&sort=number&order=asc", `&cursor=${encodeCursor({ sort: "updated_at:desc", value: 1, id: "tkt_x" })}`]) {
      const long = await search(words, some, more);
      expect(long.status, JSON.stringify(long.body)).toBe(200);
      const longest = await search(words, every, more);
      if (longest.status !== 200) expectProblem(longest, 422, "search_too_long");
    }
    expectProblem(await search(words, every), 422, "search_too_long");
  });

  it("pages with a cursor that stays stable while tickets are added", async () => {
    const { token } = await newWorkspace();
    for (let i = 0; i < 5; i++) await newTicket(token, { subject: `T${i}` });
    const page1 = await call("GET", "/tickets?sort=created_at&order=asc&limit=2", { token });
    expect(page1.body.items.map((t: { subject: string }) => t.subject)).toEqual(["T0", "T1"]);
    await newTicket(token, { subject: "Newcomer" });
    const page2 = await call("GET", `/tickets?sort=created_at&order=asc&limit=2&cursor=${page1.body.nextCursor}`, { token });
    expect(page2.body.items.map((t: { subject: string }) => t.subject)).toEqual(["T2", "T3"]);
    const page3 = await call("GET", `/tickets?sort=created_at&order=asc&limit=2&cursor=${page2.body.nextCursor}`, { token });
    expect(page3.body.items.map((t: { subject: string }) => t.subject)).toEqual(["T4", "Newcomer"]);
    expect(page3.body.nextCursor).toBeNull();

    const byNumber = await call("GET", "/tickets?sort=number&order=desc&limit=4", { token });
    expect(byNumber.body.items.map((t: { number: number }) => t.number)).toEqual([6, 5, 4, 3]);
    expectProblem(await call("GET", `/tickets?sort=number&cursor=${page1.body.nextCursor}`, { token }), 400, "invalid_cursor");
    expectProblem(await call("GET", "/tickets?cursor=garbage", { token }), 400, "invalid_cursor");
  });
});

describe("listing tickets by SLA state", () => {
  it("finds breached and due-soon tickets of the workspace only, with each one's nearest deadline", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const targets = Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { first_reply: { minutes: 60, businessHours: false } }]));
    for (const w of [a, b]) expect((await call("POST", "/sla-policies", { token: w.token, body: { name: "Reply in an hour", conditions: {}, targets } })).status).toBe(201);
    const [dueSoon, runningLate, marked, metLate, later, noClock] = await Promise.all(["due soon", "running late", "marked", "met late", "later", "no clock"].map((subject) => newTicket(a.token, { subject })));
    const otherBreached = await newTicket(b.token, { subject: "other tenant" });
    const now = Date.now();
    const setClock = (ticketId: string, state: string, dueAt: number | null, fulfilledAt: number | null = null) =>
      env.DB.prepare("update sla_clocks set state = ?, due_at = ?, fulfilled_at = ?, breached_at = ? where ticket_id = ? and metric = 'first_reply'")
        .bind(state, dueAt, fulfilledAt, state === "breached" ? dueAt : null, ticketId)
        .run();
    await setClock(runningLate.id, "running", now - 5 * 60_000);
    await setClock(marked.id, "breached", now - 3 * 3_600_000);
    await setClock(metLate.id, "breached", now - 3 * 3_600_000, now - 3_600_000);
    await setClock(later.id, "running", now + 5 * 3_600_000);
    await env.DB.prepare("delete from sla_clocks where ticket_id = ?").bind(noClock.id).run();
    await setClock(otherBreached.id, "breached", now - 3_600_000);

    const subjects = async (query: string) => ((await call("GET", `/tickets?${query}`, { token: a.token })).body.items as { subject: string }[]).map((t) => t.subject).sort();
    expect(await subjects("sla=breached")).toEqual(["marked", "running late"]);
    expect(await subjects("sla=due_soon")).toEqual(["due soon"]);
    expect(await subjects("sla=breached&priority=urgent")).toEqual([]);

    const all = (await call("GET", "/tickets", { token: a.token })).body.items as { id: string; slaDueAt: string | null }[];
    const dueOf = Object.fromEntries(all.map((t) => [t.id, t.slaDueAt]));
    expect(Date.parse(dueOf[dueSoon.id]!)).toBeGreaterThan(now + 55 * 60_000);
    expect(dueOf[runningLate.id]).toBe(new Date(now - 5 * 60_000).toISOString());
    expect(dueOf[marked.id]).toBe(new Date(now - 3 * 3_600_000).toISOString());
    expect(dueOf[metLate.id]).toBeNull();
    expect(dueOf[later.id]).toBe(new Date(now + 5 * 3_600_000).toISOString());
    expect(dueOf[noClock.id]).toBeNull();

    const bad = expectProblem(await call("GET", "/tickets?sla=late", { token: a.token }), 422);
    expect(bad.errors!.map((e) => e.field)).toContain("query.sla");
  });
});

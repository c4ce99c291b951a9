import { describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";

describe("workspace and users", () => {
  it("admins rename the workspace; everyone can read it and its people", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    expect((await call("PATCH", "/workspace", { token: owner.token, body: { name: "Acme Tea & Teaware" } })).body.name).toBe("Acme Tea & Teaware");
    expect((await call("GET", "/workspace", { token: agent.token })).body).toMatchObject({ name: "Acme Tea & Teaware", slug: owner.slug });
    const users = (await call("GET", "/users", { token: agent.token })).body.items;
    expect(users.map((u: { role: string }) => u.role).sort()).toEqual(["agent", "owner"]);
    expect((await call("GET", `/users/${agent.user.id}`, { token: agent.token })).body.email).toBe(agent.email);
    expectProblem(await call("GET", "/users/usr_missing", { token: agent.token }), 404);
    const promoted = await call("PATCH", `/users/${agent.user.id}`, { token: owner.token, body: { role: "admin", name: "Ada Lead" } });
    expect(promoted.body).toMatchObject({ role: "admin", name: "Ada Lead" });
    expectProblem(await call("PATCH", `/users/${owner.user.id}`, { token: owner.token, body: { active: false } }), 403);
  });

  it("admins set whether an emailed reply on a new subject starts a new ticket (off by default); agents may not, bad values are refused", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const admin = await newMember(owner.token, "admin", "Adam Admin");
    expect((await call("GET", "/workspace", { token: agent.token })).body.newSubjectNewTicket).toBe(false);
    expectProblem(await call("PATCH", "/workspace", { token: agent.token, body: { newSubjectNewTicket: true } }), 403);
    for (const bad of ["yes", 1, null]) expectProblem(await call("PATCH", "/workspace", { token: owner.token, body: { newSubjectNewTicket: bad } }), 422, "validation_failed");
    const on = await call("PATCH", "/workspace", { token: admin.token, body: { newSubjectNewTicket: true } });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body).toMatchObject({ newSubjectNewTicket: true, assignOnReply: true });
    expect((await call("GET", "/workspace", { token: agent.token })).body.newSubjectNewTicket).toBe(true);
    expect((await call("PATCH", "/workspace", { token: owner.token, body: { newSubjectNewTicket: false } })).body.newSubjectNewTicket).toBe(false);
  });

  it("a user renames themselves", async () => {
    const owner = await newWorkspace();
    expect((await call("PATCH", "/me", { token: owner.token, body: { name: "Olivia O." } })).body.name).toBe("Olivia O.");
    expectProblem(await call("PATCH", "/me", { token: owner.token, body: {} }), 422, "validation_failed");
  });
});

describe("groups", () => {
  it("creates groups, manages members, refuses duplicates and deleting a group in use", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    const vip = await call("POST", "/groups", { token: owner.token, body: { name: "VIP desk", description: "Our best customers" } });
    expect(vip.status).toBe(201);
    expectProblem(await call("POST", "/groups", { token: owner.token, body: { name: "VIP desk" } }), 409, "name_taken");
    const withMember = await call("POST", `/groups/${vip.body.id}/members`, { token: owner.token, body: { userId: agent.user.id } });
    expect(withMember.body.memberIds).toEqual([agent.user.id]);
    expect((await call("POST", `/groups/${vip.body.id}/members`, { token: owner.token, body: { userId: agent.user.id } })).body.memberIds).toEqual([agent.user.id]);
    expectProblem(await call("POST", `/groups/${vip.body.id}/members`, { token: owner.token, body: { userId: "usr_ghost" } }), 422, "user_not_found");
    expect((await call("PATCH", `/groups/${vip.body.id}`, { token: owner.token, body: { name: "VIP" } })).body.name).toBe("VIP");
    expect((await call("GET", `/groups/${vip.body.id}`, { token: agent.token })).body.memberIds).toEqual([agent.user.id]);

    const ticket = await newTicket(owner.token, { groupId: vip.body.id, assigneeId: agent.user.id });
    expectProblem(await call("DELETE", `/groups/${vip.body.id}`, { token: owner.token }), 409, "group_in_use");
    await call("PATCH", `/tickets/${ticket.id}`, { token: owner.token, body: { groupId: null } });
    expect((await call("DELETE", `/groups/${vip.body.id}/members/${agent.user.id}`, { token: owner.token })).body.memberIds).toEqual([]);
    expectProblem(await call("DELETE", `/groups/${vip.body.id}/members/${agent.user.id}`, { token: owner.token }), 404);
    expect((await call("DELETE", `/groups/${vip.body.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await call("GET", `/groups/${vip.body.id}`, { token: owner.token }), 404);
  });
});

describe("standard replies", () => {
  it("are managed by admins, read by agents, checked for unknown placeholders, and rendered per ticket", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token, "agent", "Ada Agent");
    const created = await call("POST", "/standard-replies", { token: owner.token, body: { title: "Shipping delay", body: "Dear {{customer.name}}, about {{ticket.subject}} ({{ticket.number}}): it ships Monday." } });
    expect(created.status).toBe(201);
    const unknown = expectProblem(await call("POST", "/standard-replies", { token: owner.token, body: { title: "Bad", body: "Hi {{customer.nickname}}" } }), 422, "unknown_placeholder");
    expect(unknown.errors![0]!.field).toBe("body");
    expectProblem(await call("POST", "/standard-replies", { token: owner.token, body: { title: "Shipping delay", body: "dup" } }), 409, "title_taken");
    expect((await call("GET", "/standard-replies", { token: agent.token })).body.items).toHaveLength(1);
    expect((await call("GET", `/standard-replies/${created.body.id}`, { token: agent.token })).body.title).toBe("Shipping delay");

    const ticket = await newTicket(owner.token, { subject: "Where is my oolong?" });
    const rendered = await call("POST", `/standard-replies/${created.body.id}/render`, { token: agent.token, body: { ticketId: ticket.id } });
    expect(rendered.body.body).toBe("Dear Li Wei, about Where is my oolong? (#1): it ships Monday.");
    expectProblem(await call("POST", `/standard-replies/${created.body.id}/render`, { token: agent.token, body: { ticketId: "tkt_missing" } }), 404);

    const updated = await call("PATCH", `/standard-replies/${created.body.id}`, { token: owner.token, body: { body: "Thanks {{customer.first_name}}! — {{agent.name}}" } });
    expect(updated.body.body).toBe("Thanks {{customer.first_name}}! — {{agent.name}}");
    expect((await call("POST", `/standard-replies/${created.body.id}/render`, { token: agent.token, body: { ticketId: ticket.id } })).body.body).toBe("Thanks Li! — Ada Agent");
    expect((await call("DELETE", `/standard-replies/${created.body.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await call("GET", `/standard-replies/${created.body.id}`, { token: owner.token }), 404);
  });
});

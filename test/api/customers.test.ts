import { describe, expect, it } from "vitest";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

describe("customers", () => {
  it("creates, reads, lists and searches customers with several addresses", async () => {
    const { token } = await newWorkspace();
    const created = await call("POST", "/customers", {
      token,
      body: { name: "Zhang Min", emails: ["Zhang.Min@Example.cn", "min@work.example"], organization: "Jade Garden Restaurant", tier: "vip", notes: "Orders monthly" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Zhang Min", emails: ["zhang.min@example.cn", "min@work.example"], tier: "vip", organization: "Jade Garden Restaurant" });
    await call("POST", "/customers", { token, body: { name: "Tom Baker", emails: ["tom@example.com"] } });
    expect((await call("GET", `/customers/${created.body.id}`, { token })).body).toEqual(created.body);
    const search = async (q: string) => (await call("GET", `/customers?q=${encodeURIComponent(q)}`, { token })).body.items.map((c: { name: string }) => c.name);
    expect(await search("jade")).toEqual(["Zhang Min"]);
    expect(await search("work.example")).toEqual(["Zhang Min"]);
    expect(await search("tom")).toEqual(["Tom Baker"]);
    expect(await search("100%")).toEqual([]);
    const page = await call("GET", "/customers?limit=1", { token });
    expect(page.body.items).toHaveLength(1);
    const next = await call("GET", `/customers?limit=1&cursor=${page.body.nextCursor}`, { token });
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    expect(next.body.nextCursor).toBeNull();
  });

  it("an address belongs to one customer; validation names the field", async () => {
    const { token } = await newWorkspace();
    const first = await call("POST", "/customers", { token, body: { name: "A", emails: ["shared@example.com"] } });
    const clash = expectProblem(await call("POST", "/customers", { token, body: { name: "B", emails: ["SHARED@example.com"] } }), 409, "email_taken");
    expect(clash.errors![0]!.field).toBe("emails");
    const second = await call("POST", "/customers", { token, body: { name: "B", emails: ["b@example.com"] } });
    expectProblem(await call("PATCH", `/customers/${second.body.id}`, { token, body: { emails: ["shared@example.com"] } }), 409, "email_taken");
    const bad = expectProblem(await call("POST", "/customers", { token, body: { name: "", emails: [], tier: "gold" } }), 422, "validation_failed");
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(["body.emails", "body.name", "body.tier"]);
    expectProblem(await call("POST", "/customers", { token, body: { name: "C", emails: ["c@example.com", "c@example.com"] } }), 422);
    const renamed = await call("PATCH", `/customers/${first.body.id}`, { token, body: { name: "Alice", emails: ["alice@example.com", "shared@example.com"], tier: "vip" } });
    expect(renamed.body).toMatchObject({ name: "Alice", emails: ["alice@example.com", "shared@example.com"], tier: "vip" });
    expectProblem(await call("GET", "/customers/cus_missing", { token }), 404, "not_found");
  });

  it("merging moves addresses and tickets, keeps VIP and notes, records the change, deletes the duplicate", async () => {
    const { token, user } = await newWorkspace();
    const keep = await call("POST", "/customers", { token, body: { name: "Li Wei", emails: ["li.wei@example.com"], notes: "Prefers email" } });
    const dup = await call("POST", "/customers", { token, body: { name: "Wei Li", emails: ["wei@home.example"], organization: "Li Family Tea", tier: "vip", notes: "Called twice" } });
    const ticket = await newTicket(token, { requester: { id: dup.body.id } });
    const merged = await call("POST", `/customers/${keep.body.id}/merge`, { token, body: { sourceCustomerId: dup.body.id } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      name: "Li Wei",
      emails: ["li.wei@example.com", "wei@home.example"],
      tier: "vip",
      organization: "Li Family Tea",
      notes: "Prefers email\n\nCalled twice",
    });
    expect((await call("GET", `/tickets/${ticket.id}`, { token })).body.requesterId).toBe(keep.body.id);
    const events = (await call("GET", `/tickets/${ticket.id}/events`, { token })).body.items;
    expect(events.at(-1)).toMatchObject({ field: "requesterId", oldValue: dup.body.id, newValue: keep.body.id, actorId: user.id });
    expectProblem(await call("GET", `/customers/${dup.body.id}`, { token }), 404);
    expectProblem(await call("POST", `/customers/${keep.body.id}/merge`, { token, body: { sourceCustomerId: keep.body.id } }), 422, "merge_into_self");
    expectProblem(await call("POST", `/customers/${keep.body.id}/merge`, { token, body: { sourceCustomerId: dup.body.id } }), 404);
  });
});

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

  it("searches any query the schema allows (200 characters, Chinese, addresses), by part of a name or address, only in the caller's workspace", async () => {
    const [own, other] = [await newWorkspace(), await newWorkspace()];
    const long = "Wang Fang of the Tea House " + "x".repeat(150);
    const create = (token: string, body: Record<string, unknown>) => call("POST", "/customers", { token, body });
    await create(own.token, { name: "王芳", emails: ["wang.fang@cha.example"], organization: "西湖龙井茶庄" });
    await create(own.token, { name: "欧阳娜娜", emails: ["nana@ouyang.example"] });
    await create(own.token, { name: "Li Wei", emails: ["li.wei@example.com"] });
    await create(own.token, { name: long, emails: ["long@example.com"] });
    await create(other.token, { name: "王芳", emails: ["wang.fang@other.example"], organization: "西湖龙井茶庄" });
    const search = async (q: string, token = own.token) => {
      const res = await call("GET", `/customers?q=${encodeURIComponent(q)}`, { token });
      expect(res.status, `${q} → ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.items.map((c: { name: string; emails: string[] }) => c.emails[0]).sort();
    };
    // Longer than D1's 50-byte LIKE limit: 49 ASCII letters, 17 Chinese characters, the whole 200.
    expect(await search("x".repeat(49))).toEqual(["long@example.com"]);
    expect(await search("茶".repeat(17))).toEqual([]);
    expect(await search("茶".repeat(200))).toEqual([]);
    expect(await search(long.slice(0, 200))).toEqual(["long@example.com"]);
    expect(await search("y".repeat(200))).toEqual([]);
    // Part of a name, an organisation, an address; one and two Chinese characters; several words.
    expect(await search("王")).toEqual(["wang.fang@cha.example"]);
    expect(await search("王芳")).toEqual(["wang.fang@cha.example"]);
    expect(await search("欧阳娜")).toEqual(["nana@ouyang.example"]);
    expect(await search("龙井")).toEqual(["wang.fang@cha.example"]);
    expect(await search("西湖龙井")).toEqual(["wang.fang@cha.example"]);
    expect(await search("li.wei@example")).toEqual(["li.wei@example.com"]);
    expect(await search("WEI")).toEqual(["li.wei@example.com"]);
    expect(await search("Li Wei")).toEqual(["li.wei@example.com"]);
    expect(await search("ouyang.example")).toEqual(["nana@ouyang.example"]);
    expect(await search("example.com")).toEqual(["li.wei@example.com", "long@example.com"]);
    expect(await search("tea house")).toEqual(["long@example.com"]);
    // Control characters separate words; they never reach the database.
    expect(await search("王\u0000芳")).toEqual(["wang.fang@cha.example"]);
    // The other workspace's 王芳 is never found from here, and theirs finds only theirs.
    expect(await search("other.example")).toEqual([]);
    expect(await search("王芳", other.token)).toEqual(["wang.fang@other.example"]);
    expect(await search("西湖龙井", other.token)).toEqual(["wang.fang@other.example"]);
  });

  it("search follows changes: renames, new and removed addresses, merges, erasure", async () => {
    const { token } = await newWorkspace();
    const search = async (q: string) => (await call("GET", `/customers?q=${encodeURIComponent(q)}`, { token })).body.items.map((c: { id: string }) => c.id);
    const a = (await call("POST", "/customers", { token, body: { name: "Chen Jing", emails: ["chen@jasmine.example"] } })).body;
    const b = (await call("POST", "/customers", { token, body: { name: "Second record (duplicate)", emails: ["jing@oolong.example"] } })).body;
    expect((await call("PATCH", `/customers/${a.id}`, { token, body: { name: "陈静", emails: ["chen@jasmine.example", "cj@pu-erh.example"] } })).status).toBe(200);
    expect(await search("Chen Jing")).toEqual([]);
    expect(await search("陈静")).toEqual([a.id]);
    expect(await search("pu-erh")).toEqual([a.id]);
    expect((await call("PATCH", `/customers/${a.id}`, { token, body: { emails: ["cj@pu-erh.example"] } })).status).toBe(200);
    expect(await search("jasmine")).toEqual([]);
    expect((await call("POST", `/customers/${a.id}/merge`, { token, body: { sourceCustomerId: b.id } })).status).toBe(200);
    expect(await search("oolong")).toEqual([a.id]);
    expect(await search("duplicate")).toEqual([]);
    expect((await call("POST", `/customers/${a.id}/erase`, { token, body: { confirm: "ERASE" } })).status).toBe(200);
    expect(await search("陈静")).toEqual([]);
    expect(await search("pu-erh")).toEqual([]);
    expect(await search("oolong")).toEqual([]);
  });
});

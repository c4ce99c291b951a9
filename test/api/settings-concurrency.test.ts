import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, newMember, newWorkspace, type ApiResponse } from "../helpers/api";

/**
 * Collision safety for every PATCH the app sends besides tickets' (issue 12): GET and PATCH answer
 * with an ETag (the resource's `updatedAt` in milliseconds); a PATCH whose If-Match names an older
 * version is refused with 409 `changed_since_read` and the resource as it is now; the current one
 * is accepted with a new ETag; `*` or no header merges as before.
 */

interface Resource {
  path: string;
  /** The field two admins change, and how it reads in the resource. */
  field: string;
  patch: (value: string) => Record<string, unknown>;
}

let owner: Awaited<ReturnType<typeof newWorkspace>>;
const resources: Record<string, Resource> = {};

const named = (field: string) => ({ field, patch: (value: string) => ({ [field]: value }) });

beforeAll(async () => {
  owner = await newWorkspace("Versioned Tea");
  const { token, slug } = owner;
  const created = async (path: string, body: unknown) => {
    const res = await call("POST", path, { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const agent = await newMember(token);
  const weekly = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
  const [customer, calendar, policy, group, reply, webhook, address] = [
    await created("/customers", { name: "Li Wei", emails: [`li.wei@${slug}.example`] }),
    await created("/business-calendars", { name: "Office", timeZone: "Asia/Shanghai", weekly, holidays: [], workdays: [] }),
    await created("/sla-policies", { name: "All", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: false } } } }),
    await created("/groups", { name: "Tier 3", description: "" }),
    await created("/standard-replies", { title: "Hello", body: "Hello {{customer.name}}" }),
    await created("/webhooks", { name: "Alerts", url: `https://hooks.${slug}.example/kefu` }),
    await created("/support-addresses", { address: `help@${slug}.example`, displayName: "Help" }),
  ];
  Object.assign(resources, {
    customer: { path: `/customers/${customer.id}`, ...named("name") },
    workspace: { path: "/workspace", ...named("name") },
    user: { path: `/users/${agent.user.id}`, ...named("name") },
    "business calendar": { path: `/business-calendars/${calendar.id}`, ...named("name") },
    "SLA policy": { path: `/sla-policies/${policy.id}`, ...named("name") },
    group: { path: `/groups/${group.id}`, ...named("name") },
    "standard reply": { path: `/standard-replies/${reply.id}`, ...named("title") },
    webhook: { path: `/webhooks/${webhook.webhook.id}`, ...named("name") },
    "support address": { path: `/support-addresses/${address.id}`, ...named("displayName") },
  } satisfies Record<string, Resource>);
}, 120_000);

const KINDS = ["customer", "workspace", "user", "business calendar", "SLA policy", "group", "standard reply", "webhook", "support address"];

/** The ETag a resource's `updatedAt` gives (what the app sends back as If-Match). */
const etagOfBody = (body: { updatedAt: string }) => `"${Date.parse(body.updatedAt)}"`;

function etagOf(response: ApiResponse) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const etag = response.headers.get("ETag");
  expect(etag).toMatch(/^"\d+"$/);
  expect(etag).toBe(etagOfBody(response.body));
  return etag!;
}

describe.each(KINDS)("PATCH of a %s with If-Match", (kind) => {
  const patch = (value: string, ifMatch?: string) => {
    const { path, patch } = resources[kind]!;
    return call("PATCH", path, { token: owner.token, headers: ifMatch ? { "If-Match": ifMatch } : {}, body: patch(value) });
  };

  it("an old version is refused with 409 and the resource as it is now; the current one is accepted with a new ETag", { timeout: 60_000 }, async () => {
    const { path, field } = resources[kind]!;
    const read = etagOf(await call("GET", path, { token: owner.token }));

    const first = await patch(`First ${kind}`, read);
    const after = etagOf(first);
    expect(after).not.toBe(read);
    expect(first.body[field]).toBe(`First ${kind}`);

    const stale = await patch(`Stale ${kind}`, read);
    const problem = expectProblem(stale, 409, "changed_since_read") as { current?: Record<string, unknown> & { updatedAt: string } };
    expect(problem.current?.[field]).toBe(`First ${kind}`);
    expect(etagOfBody(problem.current!)).toBe(after);
    expect((await call("GET", path, { token: owner.token })).body[field]).toBe(`First ${kind}`);

    const reapplied = await patch(`Stale ${kind}`, after);
    expect(etagOf(reapplied)).not.toBe(after);
    expect(reapplied.body[field]).toBe(`Stale ${kind}`);
  });

  it("no If-Match, or `*`: the change is merged as before; a malformed one is a 422", { timeout: 60_000 }, async () => {
    const { field } = resources[kind]!;
    const plain = await patch(`Plain ${kind}`);
    etagOf(plain);
    expect(plain.body[field]).toBe(`Plain ${kind}`);
    expect((await patch(`Any ${kind}`, "*")).body[field]).toBe(`Any ${kind}`);
    expectProblem(await patch(`Bad ${kind}`, "yesterday"), 422);
  });
});

describe("the version check is part of the write", () => {
  it("of two changes racing from the same read exactly one wins; the other gets 409", { timeout: 60_000 }, async () => {
    const { path } = resources.customer!;
    for (let round = 0; round < 5; round++) {
      const read = etagOf(await call("GET", path, { token: owner.token }));
      const answers = await Promise.all(["Left", "Right"].map((name) => call("PATCH", path, { token: owner.token, headers: { "If-Match": read }, body: { name: `${name} ${round}` } })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)!;
      expect((await call("GET", path, { token: owner.token })).body.name).toBe(winner.body.name);
    }
  });

  it("a refused workspace change writes nothing: the two-factor requirement and the name stay", { timeout: 60_000 }, async () => {
    const read = etagOf(await call("GET", "/workspace", { token: owner.token }));
    etagOf(await call("PATCH", "/workspace", { token: owner.token, headers: { "If-Match": read }, body: { assignOnReply: false } }));
    const stale = await call("PATCH", "/workspace", { token: owner.token, headers: { "If-Match": read }, body: { name: "Never", assignOnReply: true } });
    expectProblem(stale, 409, "changed_since_read");
    expect((await call("GET", "/workspace", { token: owner.token })).body).toMatchObject({ assignOnReply: false, requireTwoFactor: false });
    expect((await call("GET", "/workspace", { token: owner.token })).body.name).not.toBe("Never");
  });

  it("an If-Match on something deleted meanwhile is a 404, not a 409", { timeout: 60_000 }, async () => {
    const reply = await call("POST", "/standard-replies", { token: owner.token, body: { title: "Short-lived", body: "Bye" } });
    const read = etagOf(await call("GET", `/standard-replies/${reply.body.id}`, { token: owner.token }));
    expect((await call("DELETE", `/standard-replies/${reply.body.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await call("PATCH", `/standard-replies/${reply.body.id}`, { token: owner.token, headers: { "If-Match": read }, body: { title: "Back" } }), 404);
  });
});

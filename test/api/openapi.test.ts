import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import { api, type AppType } from "../../workers/api/index";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

describe("OpenAPI document and reference", () => {
  it("is OpenAPI 3.1 generated from the route schemas, with the error envelope and security", async () => {
    const res = await call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Problem.required).toEqual(expect.arrayContaining(["code", "requestId", "status"]));
    expect(Object.keys(doc.components.securitySchemes)).toEqual(["Bearer", "Cookie"]);
    const create = doc.paths["/tickets"].post;
    expect(create.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/NewTicket");
    expect(doc.components.schemas.NewTicket.properties.priority.enum).toEqual(["low", "normal", "high", "urgent"]);
    expect(create.responses["422"].content["application/problem+json"].schema.$ref).toBe("#/components/schemas/Problem");
    const list = doc.paths["/tickets"].get.parameters.map((p: { name: string }) => p.name);
    expect(list).toEqual(expect.arrayContaining(["status", "priority", "type", "assigneeId", "groupId", "tag", "requesterId", "updatedSince", "q", "sort", "order", "limit", "cursor"]));
  });

  it("serves a browsable reference page without inline script", async () => {
    const res = await exports.default.fetch("https://kefu.test/api/v1/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-spec="/api/v1/openapi.json"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
  });
});

describe("routing", () => {
  it("matches every route with one RegExpRouter (no route forces Hono's slower fallback)", async () => {
    expect(api.router.name).toBe("RegExpRouter");
    // Hono builds the matcher on the first request and throws there for an ambiguous route.
    expect((await call("GET", "/openapi.json")).status).toBe(200);
  });
});

describe("typed client", () => {
  it("drives the API with types derived from the routes (hono/client)", async () => {
    const { token } = await newWorkspace();
    const client = hc<AppType>("https://kefu.test/api/v1", {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
      headers: { Authorization: `Bearer ${token}` },
    });
    const created = await client.tickets.$post({ json: { subject: "Typed", description: "From the typed client", requester: { email: "typed@example.com" } } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const ticket = await created.json();
    const number: number = ticket.number;
    expect(number).toBe(1);
    const page = await client.tickets.$get({ query: { status: "new", limit: "10" } });
    if (page.status !== 200) throw new Error(`unexpected ${page.status}`);
    const body = await page.json();
    expect(body.items.map((t) => t.subject)).toEqual(["Typed"]);
  });
});

describe("dev outbox", () => {
  it("does not exist unless the Worker runs with DEV_OUTBOX=on", async () => {
    const { token } = await newWorkspace();
    const request = new Request("https://kefu.test/api/v1/dev/outbox", { headers: { Authorization: `Bearer ${token}` } });
    const off = await api.fetch(request, { ...env, DEV_OUTBOX: "off" }, createExecutionContext());
    expect(off.status).toBe(404);
    expect(((await off.json()) as { code: string }).code).toBe("not_found");
    expect((await call("GET", "/dev/outbox", { token })).status).toBe(200);
  });

  it("answers owners and admins only: it shows pending invitation links", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token, "agent");
    const admin = await newMember(owner.token, "admin");
    expectProblem(await call("GET", "/dev/outbox", { token: agent.token }), 403, "forbidden");
    const seen = await call("GET", "/dev/outbox", { token: admin.token });
    expect(seen.status).toBe(200);
    expect(seen.body.items.some((m: { purpose: string }) => m.purpose === "invitation")).toBe(true);
  });
});

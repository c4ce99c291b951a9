import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

/**
 * Every operation of the OpenAPI document, fed bad input: it must answer with a 4xx problem
 * document (never a 500) and change nothing.
 */
const PUBLIC = new Set(["POST /signup", "POST /auth/login", "POST /auth/accept-invitation", "GET /openapi.json", "GET /docs"]);

let token: string;
let ticketId: string;
let operations: { method: string; path: string; hasBody: boolean }[];

beforeAll(async () => {
  ({ token } = await newWorkspace());
  ticketId = (await newTicket(token)).id;
  const doc = (await call("GET", "/openapi.json")).body;
  operations = Object.entries<Record<string, { requestBody?: unknown }>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, hasBody: Boolean(op.requestBody) })),
  );
}, 180_000);

const concrete = (path: string) => path.replace("{id}", ticketId).replace("{userId}", "usr_x");

async function rowCounts() {
  const tables = ["tenants", "users", "tickets", "ticket_events", "messages", "customers", "customer_emails", "groups", "group_members", "standard_replies", "invitations", "api_tokens", "outbound_messages"];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = (await env.DB.prepare(`select count(*) as n from ${table}`).first<{ n: number }>())!.n;
  return counts;
}

describe("bad input", () => {
  it("covers the whole document", () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
  });

  it("every non-public operation refuses a missing credential with 401", async () => {
    for (const { method, path } of operations) {
      if (PUBLIC.has(`${method} ${path}`)) continue;
      expectProblem(await call(method, concrete(path), { body: method === "GET" || method === "DELETE" ? undefined : {} }), 401, "unauthenticated");
    }
  }, 180_000);

  it("every operation with a body refuses malformed JSON, wrong shapes, other media types and oversize bodies", async () => {
    const before = await rowCounts();
    for (const { method, path, hasBody } of operations) {
      if (!hasBody) continue;
      const url = concrete(path);
      const name = `${method} ${path}`;
      const malformed = await call(method, url, { token, rawBody: '{"subject": ', headers: { "Content-Type": "application/json" } });
      expect(malformed.status, name).toBe(400);
      expectProblem(malformed, 400, "malformed_json");
      for (const shape of [[], "text", 42, null, { subject: { nested: true }, kind: 7, email: [], password: 1 }]) {
        const res = await call(method, url, { token, body: shape });
        expect(res.status, `${name} ${JSON.stringify(shape)} → ${JSON.stringify(res.body)}`).toBe(422);
        const problem = expectProblem(res, 422, "validation_failed");
        expect(problem.errors!.length, name).toBeGreaterThan(0);
        for (const error of problem.errors!) expect(error.field, name).toMatch(/^body/);
      }
      expectProblem(await call(method, url, { token, rawBody: "subject=hi", headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 415, "unsupported_media_type");
      expectProblem(await call(method, url, { token, rawBody: JSON.stringify({ body: "x".repeat(1024 * 1024 + 10) }), headers: { "Content-Type": "application/json" } }), 413, "payload_too_large");
    }
    expect(await rowCounts()).toEqual(before);
  }, 180_000);

  it("ids and query strings of any shape get a 4xx, never a 500", async () => {
    const weird = ["%00", "' or 1=1 --", "x".repeat(65), "../../etc/passwd", "%F0%9F%92%A9", "tkt_"];
    for (const { method, path } of operations) {
      if (!path.includes("{id}") || method !== "GET") continue;
      for (const id of weird) {
        const res = await call(method, path.replace("{id}", id).replace("{userId}", id), { token });
        expect(res.status, `${method} ${path} id=${id}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path} id=${id}`).toBeLessThan(500);
      }
    }
    for (const query of ["limit=-1", "limit=abc", "sort=price", "order=sideways", "cursor=%FF%FE", "q=" + "长".repeat(201), "updatedSince=2026-13-45"]) {
      const res = await call("GET", `/tickets?${query}`, { token });
      expect(res.status, query).toBeGreaterThanOrEqual(400);
      expect(res.status, query).toBeLessThan(500);
    }
  }, 180_000);

  it("unknown routes answer 404 with the envelope", async () => {
    expectProblem(await call("GET", "/nothing-here", { token }), 404, "not_found");
  });
});

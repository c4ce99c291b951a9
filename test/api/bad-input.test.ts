import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

/**
 * Every operation of the OpenAPI document, fed bad input: it must answer with a 4xx problem
 * document (never a 500) and change nothing.
 */
const PUBLIC = new Set(["POST /signup", "POST /auth/login", "POST /auth/login/two-factor", "POST /auth/accept-invitation", "POST /auth/password-reset", "POST /auth/password-reset/confirm", "GET /openapi.json", "GET /docs", "GET /files/{token}"]);
/** Operations whose body is a file, not JSON: their bad input is tested in attachments.test.ts. */
const RAW_BODY = new Set(["POST /uploads"]);

let token: string;
let ticketId: string;
let operations: { method: string; path: string; hasBody: boolean; query: string[] }[];

beforeAll(async () => {
  ({ token } = await newWorkspace());
  ticketId = (await newTicket(token)).id;
  const doc = (await call("GET", "/openapi.json")).body;
  operations = Object.entries<Record<string, { requestBody?: unknown; parameters?: { name: string; in: string }[] }>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      hasBody: Boolean(op.requestBody),
      query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
    })),
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
      if (!hasBody || RAW_BODY.has(`${method} ${path}`)) continue;
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

  // Text that reaches a LIKE (D1 refuses patterns over 50 bytes), an FTS MATCH, a Date or Intl:
  // NUL and other control characters, just under and over the limits, Chinese, extreme years.
  const HOSTILE_QUERY_VALUES = [
    "%00", "a%00b", "abc%00def", "%01%02%1F%7F", "%C2%85%E2%80%A8%E2%80%A9", "x".repeat(49), "x".repeat(200), "x".repeat(201),
    encodeURIComponent("长".repeat(17)), encodeURIComponent("长".repeat(200)), encodeURIComponent("长".repeat(201)), encodeURIComponent("王 芳"),
    "0999-12-31T23:59:59Z", "9000-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-000001-01-01T00:00:00Z", "%2B275760-09-13T00:00:00Z",
    "0001-01-01", "0999-12-31", "9999-12-31", "0000-00-00",
  ];

  it("every query parameter of every operation takes NUL bytes, long and Chinese text and extreme dates without a 5xx", async () => {
    let sent = 0;
    for (const { method, path, query } of operations) {
      if (method !== "GET" || PUBLIC.has(`${method} ${path}`)) continue;
      for (const name of query) {
        for (const value of HOSTILE_QUERY_VALUES) {
          // A report needs both ends of its range: the other one is valid.
          const rest = name === "from" ? "&to=2026-03-08" : name === "to" ? "&from=2026-03-02" : path.startsWith("/reports") ? "&from=2026-03-02&to=2026-03-08" : "";
          const res = await call(method, `${concrete(path)}?${name}=${value}${rest}`, { token });
          sent++;
          expect(res.status, `${method} ${path}?${name}=${value.slice(0, 40)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) expectProblem(res, res.status);
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
  }, 120_000);

  it("ticket and customer search answer any text the schema allows: NUL and control characters are word breaks, long and Chinese queries work", async () => {
    for (const path of ["/tickets", "/customers"]) {
      for (const q of ["%00", "a%00b", "abc%00def", "Tea%00arrived", "%01%02%03", "x".repeat(49), "x".repeat(200), encodeURIComponent("长".repeat(17)), encodeURIComponent("长".repeat(200))]) {
        const res = await call("GET", `${path}?q=${q}`, { token });
        expect(res.status, `${path}?q=${q.slice(0, 30)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      }
    }
    // The ticket was created with the subject "Tea arrived broken": NUL between two of its words finds it.
    expect((await call("GET", "/tickets?q=Tea%00arrived", { token })).body.items.map((t: { id: string }) => t.id)).toEqual([ticketId]);
  });

  it("the deadline preview refuses years the calendar cannot compute with 422 naming the field", async () => {
    const weekly = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
    const calendar = { timeZone: "Asia/Shanghai", weekly, holidays: [], workdays: [] };
    for (const start of ["0999-12-31T23:59:59Z", "9000-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"]) {
      const problem = expectProblem(await call("POST", "/business-calendars/preview", { token, body: { calendar, start, minutes: 60 } }), 422, "validation_failed");
      expect(problem.errors!.map((e) => e.field), start).toEqual(["body.start"]);
    }
    // A deadline beyond what can be computed: one open minute a week, a year of minutes.
    const sparse = { ...calendar, weekly: [[], [{ start: "09:00", end: "09:01" }], [], [], [], [], []] };
    const beyond = expectProblem(await call("POST", "/business-calendars/preview", { token, body: { calendar: sparse, start: "2026-01-01T00:00:00Z", minutes: 525_600 } }), 422, "due_out_of_range");
    expect(beyond.errors!.map((e) => e.field)).toEqual(["body.minutes"]);
    expect((await call("POST", "/business-calendars/preview", { token, body: { calendar, start: "1000-01-01T00:00:00Z", minutes: 60 } })).status).toBe(200);
  });

  it("unknown routes answer 404 with the envelope", async () => {
    expectProblem(await call("GET", "/nothing-here", { token }), 404, "not_found");
  });
});

import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, newMember, newTicket, newWorkspace, type ApiResponse } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

/**
 * Hostile input, driven by the OpenAPI document: for every operation fast-check generates
 * malformed bodies (mutations of a body built from the route's own schema), malformed path
 * ids, malformed query strings and hostile headers, and sends them through the real Worker.
 *
 * Properties, for every request: never a 5xx; every 4xx is the problem envelope; and a
 * rejected request changes no data (the rows of the workspace's tables, and every table's row
 * count, hashed before and after). Bounded: a fixed seed and a fixed number of runs.
 * test/api/bad-input.test.ts sends one fixed bad body per operation; this file explores.
 */
const SEED = 20261122;
const RUNS = { body: 36, path: 12, query: 30, headers: 10 };
const PUBLIC = new Set(["POST /signup", "POST /auth/login", "POST /auth/login/two-factor", "POST /auth/accept-invitation", "POST /auth/password-reset", "POST /auth/password-reset/confirm"]);

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  key: string;
  body: Schema | null;
  query: { name: string; schema: Schema; required: boolean }[];
}
interface Hostile {
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** What the request tries, for the failure message. */
  label: string;
}

let doc: any;
let operations: Operation[];
let owner: Awaited<ReturnType<typeof newWorkspace>>;
const ids: Record<string, string> = {};
const statusCounts = new Map<number, number>();
let sent = 0;
let accepted = 0;

// ---------------------------------------------------------------------------------------------
// The workspace's data, hashed

let tables: { name: string; tenantScoped: boolean }[];

async function sha256(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Every row of the workspace (hashed per table) and every table's row count; rate-limit counters excepted. */
async function snapshot(): Promise<Record<string, string>> {
  const statements = tables.flatMap(({ name, tenantScoped }) => [
    env.DB.prepare(`select count(*) as n from "${name}"`),
    tenantScoped ? env.DB.prepare(`select * from "${name}" where tenant_id = ?`).bind(owner.workspace.id) : env.DB.prepare("select 1 where 0"),
  ]);
  statements.push(env.DB.prepare("select * from tenants where id = ?").bind(owner.workspace.id));
  const results = await env.DB.batch<Record<string, unknown>>(statements);
  const out: Record<string, string> = {};
  for (const [i, { name, tenantScoped }] of tables.entries()) {
    const count = results[2 * i]!.results[0]!.n;
    const rows = tenantScoped ? results[2 * i + 1]!.results.map((row) => JSON.stringify(row)).sort() : [];
    out[name] = tenantScoped ? `${count} total, ${rows.length} ours, ${await sha256(rows.join("\n"))}` : `${count} total`;
  }
  out["tenants (ours)"] = await sha256(JSON.stringify(results.at(-1)!.results));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bodies from the schemas

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s?.$ref) s = doc.components.schemas[s.$ref.split("/").pop()];
  return s;
}

/** A value the schema describes (every property filled), built from its examples, enums and bounds. */
function exampleOf(raw: Schema, depth = 0): unknown {
  const schema = resolve(raw);
  if (depth > 8) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return exampleOf(schema.anyOf.find((s: Schema) => resolve(s).type !== "null") ?? schema.anyOf[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => exampleOf(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(v, depth + 1)]));
    case "array":
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => exampleOf(schema.items ?? {}, depth + 1)).slice(0, schema.maxItems ?? 1);
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    case "string":
      if (schema.format === "date") return "2026-11-02";
      if (schema.format === "date-time") return "2026-11-22T09:30:00.000Z";
      return "f".repeat(Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12)));
    default:
      return null;
  }
}

/** Hand-picked bases where the schema alone cannot say what is valid (ids of this workspace, passwords). */
function baseBody(op: Operation): unknown {
  const base = exampleOf(op.body!) as Record<string, unknown>;
  const overrides: Record<string, Record<string, unknown>> = {
    "POST /signup": { slug: "fuzz-signup", email: "fuzz@fuzz.example", password: "a long enough password" },
    "POST /auth/login": { workspace: owner.slug, email: owner.email, password: "not the password at all" },
    "PATCH /me": { currentPassword: "not the password at all" },
    "POST /customers/{id}/merge": { sourceCustomerId: ids.otherCustomer },
    "POST /groups/{id}/members": { userId: ids.users },
    "POST /standard-replies/{id}/render": { ticketId: ids.tickets },
    "POST /bulk/tickets/macro": { ids: [ids.tickets], filter: undefined, macroId: ids.macros },
    "PATCH /tickets/{id}": { requesterId: ids.customers, assigneeId: null, groupId: null, status: "open" },
    "PATCH /users/{id}": { active: true, role: "agent" },
    "POST /tickets/{id}/messages": { kind: "note", standardReplyId: undefined, status: undefined },
  };
  const merged = { ...base, ...overrides[op.key] };
  return JSON.parse(JSON.stringify(merged));
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Path = (string | number)[];

/** Every position in a JSON value (the root included). */
function positions(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...positions(v, [...path, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...positions(v, [...path, k]));
  return out;
}

function setAt(root: unknown, path: Path, replace: (old: unknown) => unknown, remove = false): unknown {
  if (path.length === 0) return replace(root);
  const copy: any = Array.isArray(root) ? [...root] : { ...(root as object) };
  const [head, ...rest] = path;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else copy[head!] = setAt(copy[head!], rest, replace, remove);
  return copy;
}

function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

const UNICODE = [
  "\u0000", "\ud800", "\udfff", "\ud83d", "\u202e\u0644\u0627", "\ufeff", "\u200b\u200c\u200d", "\uffff", "\ufffe",
  "e\u0301\u0301\u0301\u0301", "💩", "👩‍👩‍👧‍👦", "退款", "𠜎𠜱", "\u0085\u2028\u2029", "Z̴̧̛̯̞͎a̵̛̟l̸g̷o", "%00", "' or 1=1 --", "{{customer.name}}", "<script>alert(1)</script>",
];
const NUMERIC_TEXT = ["NaN", "Infinity", "-Infinity", "1e309", "-0", "0x10", " 1 ", "1_000", "9007199254740993", "", "null", "true"];
/** Bodies that are not JSON at all (400) or JSON a strict parser would refuse. */
const RAW_BODIES = [
  '{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', "{'a': 1}", '{"a": 1,}', '{"a": 1} trailing', '{"a": 1 /* c */}', "\ufeff{}", "", " ",
  '{"a": "\\ud800"}', '{"a": 1e999999}', '{"__proto__": {"admin": true}}', '{"constructor": {"prototype": {"x": 1}}}', "[".repeat(10_000) + "]".repeat(10_000),
  '{"a": "unterminated', '{"a": 0x10}', '{"a": 01}', '{"a": .5}', '{"a": +1}', '"\\u0000"', "\u0000", "nul\u0000l",
];

/** A JSON value of another type than `old`. */
const otherType = (old: unknown) =>
  fc.constantFrom<unknown>(0, -1, 1.5, 2 ** 53 + 2, true, false, null, "", "text", [], {}, [old], { value: old }).filter((v) => {
    const kind = (x: unknown) => (Array.isArray(x) ? "array" : x === null ? "null" : typeof x);
    return kind(v) !== kind(old);
  });

function bodyMutation(base: unknown): fc.Arbitrary<{ label: string; body?: unknown; rawBody?: string }> {
  const all = positions(base);
  const at = fc.constantFrom(...all);
  const objects = all.filter((p) => {
    const v = p.reduce<any>((o, k) => o?.[k], base);
    return v && typeof v === "object" && !Array.isArray(v);
  });
  const keyed = all.filter((p) => p.length > 0);
  const where = (p: Path) => (p.length ? p.join(".") : "(root)");
  const options: fc.Arbitrary<{ label: string; body?: unknown; rawBody?: string }>[] = [
    at.chain((p) => otherType(p.reduce<any>((o, k) => o?.[k], base)).map((v) => ({ label: `wrong type at ${where(p)}: ${JSON.stringify(v)}`, body: setAt(base, p, () => v) }))),
    fc.tuple(at, fc.constantFrom(...UNICODE), fc.nat(3)).map(([p, u, n]) => ({ label: `unicode at ${where(p)}`, body: setAt(base, p, (old) => (typeof old === "string" ? old + u.repeat(n + 1) : u)) })),
    fc.tuple(at, fc.constantFrom(...NUMERIC_TEXT)).map(([p, t]) => ({ label: `numeric text ${JSON.stringify(t)} at ${where(p)}`, body: setAt(base, p, () => t) })),
    fc.tuple(at, fc.integer({ min: 1_001, max: 120_000 }), fc.constantFrom("x", "长", "💩", "\u0000")).map(([p, n, c]) => ({
      label: `huge string (${n} × ${JSON.stringify(c)}) at ${where(p)}`,
      body: setAt(base, p, () => c.repeat(n)),
    })),
    fc.tuple(at, fc.integer({ min: 100, max: 3_000 }), fc.constantFrom("array" as const, "object" as const)).map(([p, depth, kind]) => ({
      label: `${kind}s nested ${depth} deep at ${where(p)}`,
      body: setAt(base, p, () => nested(depth, kind)),
    })),
    at.map((p) => ({ label: `array for the value at ${where(p)}`, body: setAt(base, p, (old) => [old, old]) })),
    fc.constantFrom(...RAW_BODIES).map((raw) => ({ label: `raw body ${JSON.stringify(raw.slice(0, 40))}`, rawBody: raw })),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 50 })).map(([cut, _]) => {
      const text = JSON.stringify(base);
      const at = 1 + (cut % Math.max(text.length - 1, 1));
      return { label: `truncated JSON at ${at}`, rawBody: text.slice(0, at) };
    }),
    fc.constantFrom(...["__proto__", "constructor", "prototype", "tenantId", "tenant_id", "id", "role", "", " ", "ticketId\u0000", "a".repeat(300)]).chain((name) =>
      fc.constantFrom(...objects).map((p) => ({ label: `extra field ${JSON.stringify(name.slice(0, 20))} at ${where(p)}`, rawBody: addRawField(base, p, name) })),
    ),
  ];
  if (keyed.length > 0) options.push(fc.constantFrom(...keyed).map((p) => ({ label: `missing ${where(p)}`, body: setAt(base, p, () => undefined, true) })));
  options.push(fc.constant({ label: "duplicate keys, the second one wrong", rawBody: JSON.stringify(base).replace(/^\{/, '{"__dup": 1, "__dup": "x", ') }));
  return fc.oneof(...options);
}

/** The body with an extra member written into the JSON text (so "__proto__" is a real key on the wire). */
function addRawField(base: unknown, path: Path, name: string): string {
  const marker = "\u0001marker\u0001";
  const text = JSON.stringify(setAt(base, path, (old) => ({ [marker]: true, ...(old as object) })));
  return text.replace(`"${marker}":true`, `${JSON.stringify(name)}:"extra"`);
}

// ---------------------------------------------------------------------------------------------
// Paths, queries and headers

const badId = fc.oneof(
  fc.constantFrom("%00", "%", "%zz", "%C0%AE%C0%AE", "..%2F..%2Fapi%2Fv1%2Fme", "%2e%2e", "' or 1=1 --", "tkt_", "0", "-1", "null", "undefined", "%F0%9F%92%A9", "%EF%BF%BF", "%ED%A0%80", "{id}", "*", "%20", "a%2Fb", ";", "%3B%20DROP%20TABLE%20tickets"),
  fc.integer({ min: 65, max: 20_000 }).map((n) => "x".repeat(n)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"))),
  fc.constantFrom("tkt_", "cus_", "usr_", "grp_", "whk_", "inb_", "att_").chain((prefix) => fc.stringMatching(/^[0-9a-z]{1,30}$/).map((rest) => prefix + rest)),
);

const badQueryValue = fc.oneof(
  fc.constantFrom("-1", "0", "1.5", "1e999", "NaN", "Infinity", "abc", "", "%", "%zz", "%00", "%FF%FE", "2026-13-45", "2026-02-30", "99999-01-01", "0000-00-00", "true", "[]", "{}", "' or 1=1 --", ",,,", "new,,open", "%E2%80%AE"),
  fc.integer({ min: 201, max: 8_000 }).map((n) => "长".repeat(n)),
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.string({ unit: "grapheme", maxLength: 60 }).map(encodeURIComponent),
);

function queryArbitrary(op: Operation): fc.Arbitrary<string> {
  const names = [...op.query.map((q) => q.name), "limit", "cursor", "__proto__", "status[]", "q"];
  const required = op.query.filter((q) => q.required).map((q) => `${q.name}=${encodeURIComponent(String(exampleOf(q.schema)))}`);
  return fc.array(fc.tuple(fc.constantFrom(...names), badQueryValue), { minLength: 1, maxLength: 4 }).map((pairs) => [...required, ...pairs.map(([k, v]) => `${k}=${v}`)].join("&"));
}

/** A value an HTTP header can carry (printable ASCII: workerd sends other bytes as UTF-8, with a warning). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });

/** Authorization values that name no valid credential. */
function badAuthorization(token: string): fc.Arbitrary<Record<string, string>> {
  const [header, payload, signature] = token.split(".") as [string, string, string];
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
  return fc.oneof(
    fc.constantFrom(
      "Bearer", "Bearer ", "Bearer  ", "bearer", "Basic " + btoa("owner:password"), "Digest username=x", "Token abc", "Bearer null", "Bearer undefined",
      "Bearer kefu_", "Bearer kefu_x_y", "Bearer kefu_aaaaaaaaaaaa_" + "b".repeat(64), "Bearer a.b.c", "Bearer ..", "Bearer " + "A".repeat(8_000),
      `Bearer ${token} ${token}`, `Bearer ${token},Bearer ${token}`, `Bearer ${header}.${payload}.`, `Bearer ${header}.${payload}`,
      `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.`, `Bearer ${b64({ alg: "HS512", typ: "JWT" })}.${payload}.${signature}`,
      `Bearer ${header}.${b64({ ...claims, sub: "usr_someone_else", tid: "ten_other" })}.${signature}`,
      `Bearer ${header}.${b64({ ...claims, exp: 9_999_999_999 })}.${signature}`,
      `Bearer ${token.slice(0, -2)}${token.at(-2) === "A" ? "B" : "A"}${token.at(-1)}`,
    ),
    headerText.map((t) => `Bearer ${t.replace(/\s/g, "")}x`),
    headerText.map((t) => t),
  ).map((value) => ({ Authorization: value }));
}

const junkHeaders = fc.dictionary(
  fc.constantFrom("Accept", "Accept-Language", "Accept-Encoding", "Cookie", "Origin", "Referer", "X-Forwarded-For", "X-Forwarded-Host", "CF-Connecting-IP", "X-HTTP-Method-Override", "X-Request-Id", "If-None-Match", "Range", "User-Agent", "X-Kefu-Tenant"),
  fc.oneof(headerText, fc.constantFrom("kefu_session=junk", "DELETE", "../../", "*/*;q=NaN", "bytes=-1", "ten_other", "x".repeat(8_000))),
  { maxKeys: 4 },
);

const badContentType = fc.constantFrom(
  "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json", "application/jsonp", "json", "*/*",
  "application/json; charset=utf-16", "application/json; charset=nonsense", "APPLICATION/JSON;;;", "application/merge-patch+json", "application/problem+json", " application/json",
);

// ---------------------------------------------------------------------------------------------
// The property

async function send(op: Operation, hostile: Hostile): Promise<ApiResponse> {
  const res = await call(op.method, hostile.path, { headers: hostile.headers, ...(hostile.rawBody !== undefined ? { rawBody: hostile.rawBody } : { body: hostile.body }) });
  sent++;
  statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
  return res;
}

/**
 * The snapshot taken after the last request, when that request was a rejected write whose
 * snapshot matched the one before it: the data as it stands, so the next write's "before" is this
 * one rather than a second, identical read (half the snapshots of a run). Requests run one at a
 * time and a rejected one starts no background work, so nothing writes in between; any other
 * request (an accepted one, a GET, one that failed a check) drops it.
 */
let unchanged: Record<string, string> | null = null;

/** Sends one hostile request and checks it: no 5xx, a 4xx is a problem document, a rejection changes nothing. */
async function check(op: Operation, hostile: Hostile) {
  const before = op.method === "GET" ? null : (unchanged ?? (await snapshot()));
  unchanged = null;
  const res = await send(op, hostile);
  const what = `${op.key} [${hostile.label}] ${hostile.path.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("Content-Type"), what).toContain("application/problem+json");
    expect(res.body, what).toMatchObject({ status: res.status, code: expect.any(String), requestId: expect.any(String), detail: expect.any(String) });
    expect(res.body.requestId, what).not.toBe("unknown");
    if (before) {
      const after = await snapshot();
      expect(after, what).toEqual(before);
      unchanged = after;
    }
  } else accepted++;
}

const concrete = (path: string) => path.replace("{id}", ids[path.split("/")[1]!] ?? "x").replace("{userId}", ids.users!).replace("{macroId}", ids.macros!);
const withToken = (headers: Record<string, string> = {}) => ({ Authorization: `Bearer ${owner.token}`, ...headers });

async function fuzz(op: Operation, arbitrary: fc.Arbitrary<Hostile>, numRuns: number) {
  await fc.assert(
    fc.asyncProperty(arbitrary, (hostile) => check(op, hostile)),
    // A seed per operation, so operations do not all get the same sequence.
    { seed: SEED + [...op.key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0), numRuns, endOnFailure: true },
  );
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  owner = await newWorkspace("Fuzz");
  doc = (await call("GET", "/openapi.json")).body;
  operations = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<any>(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      key: `${method.toUpperCase()} ${path}`,
      body: op.requestBody?.content?.["application/json"]?.schema ?? null,
      query: (op.parameters ?? []).filter((p: any) => p.in === "query").map((p: any) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
    })),
  );
  const found = await env.DB.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name not like 'd1_%' and name <> 'rate_limits' and sql not like '%VIRTUAL%' and name not like '%search%'").all<{ name: string }>();
  tables = [];
  for (const { name } of found.results) {
    const columns = await env.DB.prepare(`select name from pragma_table_info('${name}')`).all<{ name: string }>();
    tables.push({ name, tenantScoped: columns.results.some((c) => c.name === "tenant_id") });
  }

  // One object of every kind, so that bodies reach validation on real ids.
  const agent = await newMember(owner.token);
  const ticket = await newTicket(owner.token);
  const customer = await call("POST", "/customers", { token: owner.token, body: { name: "Other", emails: ["other@fuzz.example"] } });
  const group = (await call("GET", "/groups", { token: owner.token })).body.items[0];
  const reply = await call("POST", "/standard-replies", { token: owner.token, body: { title: "Hello", body: "Hello {{customer.name}}" } });
  const macro = await call("POST", "/macros", { token: owner.token, body: { title: "Refund", replyText: "Hi {{customer.first_name}}", actions: [{ type: "add_tags", tags: ["refund"] }] } });
  const address = await call("POST", "/support-addresses", { token: owner.token, body: { address: `help@${owner.slug}.example`, displayName: "Help" } });
  const weekly = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
  const calendar = await call("POST", "/business-calendars", { token: owner.token, body: { name: "Office", timeZone: "Asia/Shanghai", weekly, holidays: [], workdays: [] } });
  const policy = await call("POST", "/sla-policies", { token: owner.token, body: { name: "All", conditions: {}, targets: { normal: { first_reply: { minutes: 60, businessHours: true } } } } });
  const webhook = await call("POST", "/webhooks", { token: owner.token, body: { name: "Alerts", url: `https://hooks.${owner.slug}.example/kefu` } });
  expect((await deliverEmail(email({ to: `${owner.slug}@kefu.localhost` }), { from: "li.wei@example.com", to: `${owner.slug}@kefu.localhost` })).error).toBeNull();
  Object.assign(ids, {
    tickets: ticket.id,
    customers: ticket.requesterId,
    otherCustomer: customer.body.id,
    users: agent.user.id,
    groups: group.id,
    "standard-replies": reply.body.id,
    macros: macro.body.id,
    "support-addresses": address.body.id,
    "business-calendars": calendar.body.id,
    "sla-policies": policy.body.id,
    webhooks: webhook.body.webhook.id,
  });
}, 180_000);

describe("API fuzzing from the OpenAPI document", () => {
  let started = 0;
  beforeAll(() => {
    started = Date.now();
  });

  it("malformed bodies (mutations of a schema-valid body) on every operation with a body", async () => {
    for (const op of operations.filter((o) => o.body)) {
      const base = baseBody(op);
      const path = concrete(op.path);
      const arbitrary = fc.tuple(bodyMutation(base), fc.boolean(), junkHeaders).map(([m, junk, extra]) => ({
        path,
        headers: { ...(PUBLIC.has(op.key) ? {} : withToken()), ...(junk ? extra : {}), ...(m.rawBody !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...m,
      }));
      await fuzz(op, arbitrary, RUNS.body);
    }
  }, 600_000);

  it("every string field of every body takes NUL and control characters, long and Chinese text and extreme dates without a 5xx", async () => {
    const hostile = ["a\u0000b", "\u0001\u001f\u007f\u0085\u2028\u2029x", "x".repeat(201), "长".repeat(201), "0999-12-31T23:59:59Z", "9999-12-31"];
    for (const op of operations.filter((o) => o.body)) {
      const base = baseBody(op);
      const strings = positions(base).filter((p) => p.length > 0 && typeof p.reduce<any>((o, k) => o?.[k], base) === "string");
      for (const p of strings)
        for (const value of hostile)
          await check(op, { label: `${JSON.stringify(value.slice(0, 12))} at ${p.join(".")}`, path: concrete(op.path), headers: PUBLIC.has(op.key) ? {} : withToken(), body: setAt(base, p, () => value) });
    }
  }, 600_000);

  it("malformed path ids on every operation with an id", async () => {
    for (const op of operations.filter((o) => o.path.includes("{"))) {
      const body = op.body ? baseBody(op) : undefined;
      const arbitrary = fc.tuple(badId, fc.boolean()).map(([id, both]) => ({
        label: `id ${id.slice(0, 60)}`,
        path: op.path.replace("{id}", id).replace("{userId}", both ? id : ids.users!),
        headers: withToken(),
        body,
      }));
      await fuzz(op, arbitrary, RUNS.path);
    }
  }, 600_000);

  it("malformed query strings on every operation that takes a query", async () => {
    for (const op of operations.filter((o) => o.query.length > 0)) {
      const arbitrary = queryArbitrary(op).map((query) => ({ label: `query ${query.slice(0, 80)}`, path: `${concrete(op.path)}?${query}`, headers: withToken() }));
      await fuzz(op, arbitrary, RUNS.query);
    }
  }, 600_000);

  it("hostile headers on every operation: bad credentials everywhere, bad media types on bodies", async () => {
    for (const op of operations) {
      const body = op.body ? baseBody(op) : undefined;
      const path = concrete(op.path);
      // A public operation ignores credentials: there the body is what is wrong (a wrong type at the root).
      const credentials = badAuthorization(owner.token).map((headers) => ({ label: `Authorization ${headers.Authorization!.slice(0, 60)}`, headers, body: PUBLIC.has(op.key) ? [body] : body }));
      const arbitraries: fc.Arbitrary<Omit<Hostile, "path">>[] = [credentials];
      if (op.body) arbitraries.push(badContentType.map((type) => ({ label: `Content-Type ${type}`, headers: withToken({ "Content-Type": type }), rawBody: JSON.stringify(PUBLIC.has(op.key) ? [body] : body) })));
      const arbitrary = fc.tuple(fc.oneof(...arbitraries), junkHeaders).map(([h, extra]) => ({ ...h, path, headers: { ...extra, ...h.headers } }));
      await fuzz(op, arbitrary, RUNS.headers);
    }
  }, 600_000);

  it("the snapshot sees a change (control: an accepted write changes it)", async () => {
    const before = await snapshot();
    unchanged = null;
    expect((await call("POST", "/groups", { token: owner.token, body: { name: "Control" } })).status).toBe(201);
    expect(await snapshot()).not.toEqual(before);
  });

  it("leaves the credential working, and reports what it sent", async () => {
    expect((await call("GET", "/me", { token: owner.token })).status).toBe(200);
    const byStatus = [...statusCounts.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`).join(", ");
    console.log(`API fuzzing: ${operations.length} operations, ${sent} requests (${accepted} accepted, ${sent - accepted} rejected) in ${((Date.now() - started) / 1000).toFixed(1)} s; by status ${byStatus}`);
    expect(operations.length).toBeGreaterThanOrEqual(80);
    expect(sent).toBeGreaterThanOrEqual(2_000);
  });
});

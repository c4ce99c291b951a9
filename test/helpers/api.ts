import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { expect } from "vitest";
import type { AppType } from "../../workers/api/index";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the real Worker's fetch handler (inside workerd, on the local D1). */
export async function call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const response = await exports.default.fetch(new Request(`https://kefu.test/api/v1${path}`, { method, headers, body }));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Asserts the RFC 9457 envelope with the given status and code. */
export function expectProblem(response: ApiResponse, status: number, code?: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get("Content-Type")).toContain("application/problem+json");
  expect(response.body).toMatchObject({ status, code: expect.any(String), requestId: expect.any(String), detail: expect.any(String) });
  if (code) expect(response.body.code).toBe(code);
  return response.body as { code: string; errors?: { field: string; code: string; message: string }[] };
}

let counter = 0;
/** A fresh workspace with its owner signed in. */
export async function newWorkspace(name = "Acme Tea") {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${++counter}-${Math.random().toString(36).slice(2, 6)}`;
  const email = `owner@${slug}.example`;
  const password = "correct horse battery staple";
  // Each sign-up comes from its own client address, as real ones do (sign-ups are rate-limited per client).
  const headers = { "CF-Connecting-IP": `198.51.${Math.floor(counter / 250) % 250}.${counter % 250}` };
  const res = await call("POST", "/signup", { headers, body: { tenantName: name, slug, name: "Olivia Owner", email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { token: res.body.token as string, user: res.body.user, workspace: res.body.workspace, slug, email, password };
}

/** Invites and signs in an agent (or admin) in the owner's workspace. */
export async function newMember(ownerToken: string, role: "agent" | "admin" = "agent", name = "Ada Agent") {
  const email = `${role}-${++counter}@members.example`;
  const invite = await call("POST", "/invitations", { token: ownerToken, body: { email, role } });
  expect(invite.status, JSON.stringify(invite.body)).toBe(201);
  const token = new URL(invite.body.acceptUrl).searchParams.get("token");
  const accepted = await call("POST", "/auth/accept-invitation", { body: { token, name, password: "another long password" } });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  return { token: accepted.body.token as string, user: accepted.body.user, email };
}

export async function newTicket(token: string, body: Record<string, unknown> = {}) {
  const res = await call("POST", "/tickets", {
    token,
    body: { subject: "Tea arrived broken", description: "The teapot lid was cracked on arrival.", requester: { email: "li.wei@example.com", name: "Li Wei" }, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The typed client (`hono/client`) over the real Worker, signed in with `token`. */
export function typedClient(token: string) {
  return hc<AppType>("https://kefu.test/api/v1", {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
    headers: { Authorization: `Bearer ${token}` },
  });
}

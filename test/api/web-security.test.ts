import { describe, expect, it } from "vitest";
import { call, expectProblem, newWorkspace } from "../helpers/api";

/** The session cookie a sign-in sets, ready to send back. */
async function sessionCookie() {
  const ws = await newWorkspace();
  const login = await call("POST", "/auth/login", { body: { workspace: ws.slug, email: ws.email, password: ws.password } });
  return login.headers.get("Set-Cookie")!.split(";")[0]!;
}

describe("cookie-authenticated writes (CSRF)", () => {
  it("a write with the session cookie is accepted only when the browser says it comes from Kefu's own origin", async () => {
    const Cookie = await sessionCookie();
    const ticket = { subject: "CSRF?", description: "From a form elsewhere", requester: { email: "victim@example.com" } };
    expectProblem(await call("POST", "/tickets", { headers: { Cookie }, body: ticket }), 403, "csrf_rejected");
    expectProblem(await call("POST", "/tickets", { headers: { Cookie, "Sec-Fetch-Site": "cross-site" }, body: ticket }), 403, "csrf_rejected");
    expectProblem(await call("POST", "/tickets", { headers: { Cookie, Origin: "https://evil.example" }, body: ticket }), 403, "csrf_rejected");
    expect((await call("GET", "/tickets", { headers: { Cookie } })).body.items).toHaveLength(0);

    expect((await call("POST", "/tickets", { headers: { Cookie, "Sec-Fetch-Site": "same-origin" }, body: ticket })).status).toBe(201);
    expect((await call("POST", "/tickets", { headers: { Cookie, Origin: "https://kefu.test" }, body: ticket })).status).toBe(201);
    // Reads are not writes; bearer tokens are not sent by browsers on their own.
    expect((await call("GET", "/me", { headers: { Cookie } })).status).toBe(200);
  });

  it("API tokens and session tokens sent as Bearer are not affected", async () => {
    const { token } = await newWorkspace();
    expect((await call("POST", "/tickets", { token, body: { subject: "Scripted", description: "From an integration", requester: { email: "a@example.com" } } })).status).toBe(201);
  });
});

describe("CORS is closed", () => {
  it("no other origin is allowed to read API answers, and preflights get no permission", async () => {
    const { token } = await newWorkspace();
    const read = await call("GET", "/me", { token, headers: { Origin: "https://evil.example" } });
    expect(read.headers.get("Access-Control-Allow-Origin")).toBeNull();
    const preflight = await call("OPTIONS", "/tickets", { headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization, content-type" } });
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toBeNull();
  });
});

describe("secure headers", () => {
  it("every API answer, errors included, carries the secure headers", async () => {
    for (const response of [await call("GET", "/openapi.json"), await call("GET", "/tickets"), await call("GET", "/nope")]) {
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
      expect(response.headers.get("Strict-Transport-Security")).toContain("max-age");
    }
  });
});

describe("rate limits on token creation", () => {
  it("an admin gets 429 with Retry-After after 20 API tokens in an hour", async () => {
    const { token } = await newWorkspace();
    for (let i = 0; i < 20; i++) expect((await call("POST", "/api-tokens", { token, body: { name: `t${i}`, scope: "read" } })).status).toBe(201);
    const refused = await call("POST", "/api-tokens", { token, body: { name: "one more", scope: "read" } });
    expectProblem(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});

import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { PBKDF2_MAX_ITERATIONS, parsePasswordHash } from "../../workers/core/auth/password";
import { SESSION_TOKEN_AUDIENCE, SESSION_TOKEN_ISSUER } from "../../workers/core/auth/session-token";
import { RESERVED_SLUGS } from "../../workers/core/tenancy/reserved-slugs";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

const secret = new TextEncoder().encode(env.JWT_SECRET);
const decode = (token: string) => JSON.parse(atob(token.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/")));

describe("sign-up", () => {
  it("creates a workspace with its owner, a session, and the default tier groups", async () => {
    const { token, user, workspace, slug } = await newWorkspace("Lotus Tea");
    expect(user).toMatchObject({ role: "owner", active: true, name: "Olivia Owner" });
    expect(workspace).toMatchObject({ name: "Lotus Tea", slug, supportAddress: `${slug}@kefu.localhost` });
    const me = await call("GET", "/me", { token });
    expect(me.body.user.id).toBe(user.id);
    const groups = await call("GET", "/groups", { token });
    expect(groups.body.items.map((g: { name: string }) => g.name)).toEqual(["Tier 1", "Tier 2"]);
  });

  it("stores the password as PBKDF2-SHA-256 within the production iteration cap, never in clear", async () => {
    const { user, password } = await newWorkspace();
    const row = await env.DB.prepare("select password_hash from users where id = ?").bind(user.id).first<{ password_hash: string }>();
    expect(row!.password_hash).not.toContain(password);
    const parsed = parsePasswordHash(row!.password_hash)!;
    expect(parsed.algorithm).toBe("pbkdf2-sha256");
    expect(parsed.iterations).toBeLessThanOrEqual(100_000);
    expect(PBKDF2_MAX_ITERATIONS).toBe(100_000);
  });

  it("refuses a taken or reserved address and invalid fields, naming them", async () => {
    const { slug } = await newWorkspace();
    const base = { tenantName: "X", name: "Y", email: "y@x.example", password: "long enough password" };
    expectProblem(await call("POST", "/signup", { body: { ...base, slug } }), 409, "slug_taken");
    const bad = expectProblem(await call("POST", "/signup", { body: { ...base, slug: "-x", email: "nope", password: "short" } }), 422, "validation_failed");
    expect(bad.errors!.map((e) => e.field).sort()).toEqual(["body.email", "body.password", "body.slug"]);
  });

  it("refuses every reserved slug (mail role names, Kefu's paths, official-looking names) with 422 on the slug", async () => {
    const base = { tenantName: "X", name: "Y", email: "y@x.example", password: "long enough password" };
    const mailRoles = ["postmaster", "abuse", "hostmaster", "webmaster", "security", "noc", "usenet", "news", "uucp", "ftp", "www", "mailer-daemon", "noreply", "no-reply", "root", "admin", "administrator"];
    const paths = ["api", "survey", "cdn-cgi", "assets", "vendor", "login", "signup", "accept-invitation", "tickets", "customers", "reports", "outbox", "setup", "settings"];
    const slugs = new Set([...mailRoles, ...paths, ...RESERVED_SLUGS]);
    for (const [i, slug] of [...slugs].entries()) {
      const headers = { "CF-Connecting-IP": `198.18.7.${i}` }; // sign-ups are limited per client
      const refused = expectProblem(await call("POST", "/signup", { headers, body: { ...base, slug: slug.toUpperCase() } }), 422, "slug_reserved");
      expect(refused.errors, slug).toEqual([{ field: "slug", code: "slug_reserved", message: expect.stringContaining(slug) }]);
    }
    // Ordinary names, and RFC 2142's business mailboxes, stay free.
    for (const slug of ["info-desk", "sales", "acme-abuse-team"]) expect((await call("POST", "/signup", { headers: { "CF-Connecting-IP": "198.18.8.1" }, body: { ...base, slug } })).status, slug).toBe(201);
  });
});

describe("login", () => {
  it("signs in and sets an HttpOnly, Secure, SameSite cookie the API accepts", async () => {
    const { slug, email, password } = await newWorkspace();
    const res = await call("POST", "/auth/login", { body: { workspace: slug, email: email.toUpperCase(), password } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^kefu_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const viaCookie = await call("GET", "/me", { headers: { Cookie: cookie.split(";")[0]! } });
    expect(viaCookie.status).toBe(200);
    const claims = decode(res.body.token);
    expect(claims).toMatchObject({ aud: SESSION_TOKEN_AUDIENCE, iss: SESSION_TOKEN_ISSUER });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
  });

  it("gives one answer for an unknown address and a wrong password", async () => {
    const { slug, email } = await newWorkspace();
    expectProblem(await call("POST", "/auth/login", { body: { workspace: slug, email, password: "wrong password" } }), 401, "invalid_credentials");
    expectProblem(await call("POST", "/auth/login", { body: { workspace: slug, email: "nobody@x.example", password: "wrong password" } }), 401, "invalid_credentials");
    expectProblem(await call("POST", "/auth/login", { body: { workspace: "no-such-place", email, password: "wrong password" } }), 401, "invalid_credentials");
  });

  it("locks an address after five failures, even for the right password, with a clear error", async () => {
    const { slug, email, password } = await newWorkspace();
    for (let i = 0; i < 5; i++) expectProblem(await call("POST", "/auth/login", { body: { workspace: slug, email, password: `wrong ${i}` } }), 401);
    const locked = await call("POST", "/auth/login", { body: { workspace: slug, email, password } });
    const body = expectProblem(locked, 429, "login_locked");
    expect(body).toMatchObject({ detail: expect.stringMatching(/locked for \d+ more minutes/) });
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("a successful sign-in forgets the address's earlier failures", async () => {
    const { slug, email, password } = await newWorkspace();
    // Eight failures in all, but never five in a row: each round of four ends with the right password.
    for (const round of [1, 2]) {
      for (let i = 0; i < 4; i++) expectProblem(await call("POST", "/auth/login", { body: { workspace: slug, email, password: `wrong ${round}.${i}` } }), 401);
      expect((await call("POST", "/auth/login", { body: { workspace: slug, email, password } })).status, `round ${round}`).toBe(200);
    }
  });

  it("limits attempts per client address", async () => {
    const { slug, email } = await newWorkspace();
    const headers = { "CF-Connecting-IP": "203.0.113.9" };
    let last;
    for (let i = 0; i < 31; i++) last = await call("POST", "/auth/login", { headers, body: { workspace: slug, email: `u${i}@x.example`, password: "wrong password" } });
    expectProblem(last!, 429, "rate_limited");
    const other = await call("POST", "/auth/login", { headers: { "CF-Connecting-IP": "203.0.113.10" }, body: { workspace: slug, email, password: "wrong password" } });
    expectProblem(other, 401, "invalid_credentials");
  });
});

describe("session tokens", () => {
  async function forged(claims: Record<string, unknown>, options: { key?: Uint8Array; alg?: string; expiresIn?: number; issuedAgo?: number } = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? "HS256" })
      .setIssuedAt(now - (options.issuedAgo ?? 0))
      .setExpirationTime(now + (options.expiresIn ?? 600))
      .sign(options.key ?? secret);
  }

  it("rejects expired, tampered, wrong-audience, wrong-key and wrong-algorithm tokens", async () => {
    const { token } = await newWorkspace();
    const claims = decode(token);
    const base = { sub: claims.sub, tid: claims.tid, sid: claims.sid, iss: SESSION_TOKEN_ISSUER };
    expect((await call("GET", "/me", { token: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }) })).status).toBe(200);

    const cases = {
      expired: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }, { expiresIn: -10 }),
      issuedTooLongAgo: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }, { issuedAgo: 2 * 3600, expiresIn: 600 }),
      issuedInTheFuture: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }, { issuedAgo: -3600, expiresIn: 7200 }),
      wrongAudience: await forged({ ...base, aud: "someone-else" }),
      wrongKey: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }, { key: new TextEncoder().encode("not the secret at all, not at all") }),
      wrongAlgorithm: await forged({ ...base, aud: SESSION_TOKEN_AUDIENCE }, { alg: "HS512" }),
      unsigned: `${btoa(JSON.stringify({ alg: "none" }))}.${token.split(".")[1]}.`,
      tampered: [token.split(".")[0], btoa(JSON.stringify({ ...claims, tid: "ten_other" })).replace(/=+$/, ""), token.split(".")[2]].join("."),
      otherTenantSession: await forged({ ...base, tid: "ten_someone_else", aud: SESSION_TOKEN_AUDIENCE }),
    };
    for (const [name, bad] of Object.entries(cases)) {
      const res = await call("GET", "/me", { token: bad });
      expect(res.status, name).toBe(401);
      expectProblem(res, 401, "invalid_credentials");
    }
    expectProblem(await call("GET", "/me"), 401, "unauthenticated");
  });

  it("logout revokes the session at once; refresh keeps a live one going", async () => {
    const { token } = await newWorkspace();
    const refreshed = await call("POST", "/auth/refresh", { token });
    expect(refreshed.status).toBe(200);
    expect(decode(refreshed.body.token).sid).toBe(decode(token).sid);
    expect((await call("POST", "/auth/logout", { token })).status).toBe(204);
    expectProblem(await call("GET", "/me", { token }), 401, "invalid_credentials");
    expectProblem(await call("GET", "/me", { token: refreshed.body.token }), 401, "invalid_credentials");
    expectProblem(await call("POST", "/auth/refresh", { token }), 401);
  });

  it("a password change needs the current password and signs out other sessions", async () => {
    const { token, slug, email, password } = await newWorkspace();
    const second = await call("POST", "/auth/login", { body: { workspace: slug, email, password } });
    const wrong = expectProblem(await call("PATCH", "/me", { token, body: { currentPassword: "not it at all", newPassword: "a brand new password" } }), 422, "wrong_password");
    expect(wrong.errors![0]!.field).toBe("currentPassword");
    const changed = await call("PATCH", "/me", { token, body: { currentPassword: password, newPassword: "a brand new password" } });
    expect(changed.status).toBe(200);
    expectProblem(await call("GET", "/me", { token: second.body.token }), 401);
    // The caller's own session ends too, and a fresh one comes back as the cookie.
    expectProblem(await call("GET", "/me", { token }), 401);
    const fresh = changed.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(fresh).toMatch(/^kefu_session=/);
    expect((await call("GET", "/me", { headers: { Cookie: fresh } })).body.user.id).toBe(decode(token).sub);
    expect((await call("POST", "/auth/login", { body: { workspace: slug, email, password: "a brand new password" } })).status).toBe(200);
  });
  it("locks the current-password check after five wrong ones, like sign-in, for that user only", async () => {
    const { token, password } = await newWorkspace();
    const colleague = await newMember(token, "admin");
    for (let i = 0; i < 5; i++)
      expectProblem(await call("PATCH", "/me", { token, body: { currentPassword: `guess ${i}`, newPassword: "a brand new password" } }), 422, "wrong_password");
    const locked = await call("PATCH", "/me", { token, body: { currentPassword: password, newPassword: "a brand new password" } });
    expect(expectProblem(locked, 429, "password_check_locked")).toMatchObject({ detail: expect.stringMatching(/try again in \d+ minutes/) });
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The right password was not taken while locked; a name change needs no password and still works.
    expect((await call("PATCH", "/me", { token, body: { name: "Olivia O." } })).status).toBe(200);
    expect((await call("GET", "/me", { token })).body.user.name).toBe("Olivia O.");
    const other = await call("PATCH", "/me", { token: colleague.token, body: { currentPassword: "another long password", newPassword: "a brand new password" } });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
  });
});

describe("invitations", () => {
  it("an admin invites an agent by email; the link works once", async () => {
    const owner = await newWorkspace();
    const invite = await call("POST", "/invitations", { token: owner.token, body: { email: "New.Agent@Example.com", role: "agent" } });
    expect(invite.status).toBe(201);
    expect(invite.body.invitation).toMatchObject({ email: "new.agent@example.com", role: "agent", acceptedAt: null });
    const outbox = await call("GET", "/dev/outbox", { token: owner.token });
    const mail = outbox.body.items.find((m: { purpose: string }) => m.purpose === "invitation");
    expect(mail).toMatchObject({ to: "new.agent@example.com", status: "sent", headers: { "Auto-Submitted": "auto-generated" } });
    expect(mail.bodyText).toContain(invite.body.acceptUrl);

    const token = new URL(invite.body.acceptUrl).searchParams.get("token");
    const accepted = await call("POST", "/auth/accept-invitation", { body: { token, name: "New Agent", password: "a good long password" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ role: "agent", email: "new.agent@example.com" });
    expect(accepted.body.workspace.id).toBe(owner.workspace.id);
    expectProblem(await call("POST", "/auth/accept-invitation", { body: { token, name: "Again", password: "a good long password" } }), 404, "invitation_not_found");
    expectProblem(await call("POST", "/invitations", { token: owner.token, body: { email: "new.agent@example.com" } }), 409, "user_exists");
  });

  it("a revoked invitation cannot be accepted", async () => {
    const owner = await newWorkspace();
    const invite = await call("POST", "/invitations", { token: owner.token, body: { email: "late@example.com" } });
    expect((await call("DELETE", `/invitations/${invite.body.invitation.id}`, { token: owner.token })).status).toBe(200);
    const token = new URL(invite.body.acceptUrl).searchParams.get("token");
    expectProblem(await call("POST", "/auth/accept-invitation", { body: { token, name: "Late", password: "a good long password" } }), 404, "invitation_not_found");
    const list = await call("GET", "/invitations", { token: owner.token });
    expect(list.body.items[0].revokedAt).not.toBeNull();
  });
});

describe("roles", () => {
  it("an agent works tickets but cannot manage users, invitations, tokens, groups or replies", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token, "agent");
    const forbidden: [string, string, unknown?][] = [
      ["POST", "/invitations", { email: "x@example.com" }],
      ["GET", "/invitations"],
      ["PATCH", `/users/${owner.user.id}`, { name: "Hacked" }],
      ["DELETE", `/users/${owner.user.id}/sessions`],
      ["GET", "/api-tokens"],
      ["POST", "/api-tokens", { name: "mine", scope: "admin" }],
      ["POST", "/groups", { name: "Rogue" }],
      ["POST", "/standard-replies", { title: "t", body: "b" }],
      ["PATCH", "/workspace", { name: "Mine now" }],
    ];
    for (const [method, path, body] of forbidden) expectProblem(await call(method, path, { token: agent.token, body }), 403, "forbidden");
    expect((await call("GET", "/users", { token: agent.token })).status).toBe(200);
    expect((await call("POST", "/tickets", { token: agent.token, body: { subject: "s", description: "d", requester: { email: "c@example.com" } } })).status).toBe(201);
  });

  it("the owner cannot be demoted or deactivated; deactivating a user ends their sessions", async () => {
    const owner = await newWorkspace();
    const admin = await newMember(owner.token, "admin", "Adam Admin");
    const agent = await newMember(owner.token, "agent");
    expectProblem(await call("PATCH", `/users/${owner.user.id}`, { token: admin.token, body: { role: "agent" } }), 403);
    expectProblem(await call("PATCH", `/users/${owner.user.id}`, { token: admin.token, body: { active: false } }), 403);
    expectProblem(await call("PATCH", `/users/${admin.user.id}`, { token: admin.token, body: { role: "owner" } }), 422, "validation_failed");
    const off = await call("PATCH", `/users/${agent.user.id}`, { token: admin.token, body: { active: false } });
    expect(off.body.active).toBe(false);
    expectProblem(await call("GET", "/me", { token: agent.token }), 401);
    expectProblem(await call("POST", "/auth/login", { body: { workspace: owner.slug, email: agent.email, password: "another long password" } }), 401);
  });

  it("an admin can sign a user out everywhere", async () => {
    const owner = await newWorkspace();
    const agent = await newMember(owner.token);
    expect((await call("DELETE", `/users/${agent.user.id}/sessions`, { token: owner.token })).status).toBe(204);
    expectProblem(await call("GET", "/me", { token: agent.token }), 401);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, scoped, record last use, and stop working when revoked", async () => {
    const owner = await newWorkspace();
    const created = await call("POST", "/api-tokens", { token: owner.token, body: { name: "CRM sync", scope: "read" } });
    expect(created.status).toBe(201);
    const apiToken: string = created.body.token;
    expect(apiToken).toMatch(/^kefu_[a-z0-9]{12}_/);
    const row = await env.DB.prepare("select * from api_tokens where id = ?").bind(created.body.apiToken.id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(apiToken.slice("kefu_".length + 13)); // the secret (base64url, may contain "_")

    expect(created.body.apiToken.lastUsedAt).toBeNull();
    expect((await call("GET", "/tickets", { token: apiToken })).status).toBe(200);
    const listed = await call("GET", "/api-tokens", { token: owner.token });
    expect(listed.body.items[0]).toMatchObject({ name: "CRM sync", scope: "read", lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(apiToken);

    expectProblem(await call("POST", "/tickets", { token: apiToken, body: { subject: "s", description: "d", requester: { email: "c@example.com" } } }), 403, "forbidden");
    expectProblem(await call("GET", "/tickets", { token: apiToken.slice(0, -2) + "xx" }), 401);

    expect((await call("DELETE", `/api-tokens/${created.body.apiToken.id}`, { token: owner.token })).status).toBe(200);
    expectProblem(await call("GET", "/tickets", { token: apiToken }), 401, "invalid_credentials");
  });

  it("a token never exceeds its user's role", async () => {
    const owner = await newWorkspace();
    const admin = await newMember(owner.token, "admin");
    const created = await call("POST", "/api-tokens", { token: admin.token, body: { name: "ops", scope: "admin" } });
    expect((await call("GET", "/api-tokens", { token: created.body.token })).status).toBe(200);
    await call("PATCH", `/users/${admin.user.id}`, { token: owner.token, body: { role: "agent" } });
    expectProblem(await call("GET", "/api-tokens", { token: created.body.token }), 403);
    expect((await call("GET", "/tickets", { token: created.body.token })).status).toBe(200);
  });
});

describe("sign-up rate limit", () => {
  it("limits sign-ups per client", async () => {
    const headers = { "CF-Connecting-IP": "192.0.2.77" };
    const statuses = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await call("POST", "/signup", { headers, body: { tenantName: "Spam", slug: `spam-${i}`, name: "S", email: "s@x.example", password: "long enough password" } })).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

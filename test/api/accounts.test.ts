import { env, exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import { base32Decode, totpCode } from "../../workers/core/auth/totp";
import type { AppType } from "../../workers/api/index";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

let clientCounter = 0;
/** The typed client without a credential, from its own client address (requests are limited per client). */
function publicClient() {
  const ip = `192.0.2.${++clientCounter % 250}`;
  return hc<AppType>("https://kefu.test/api/v1", {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
    headers: { "CF-Connecting-IP": ip },
  });
}

const outbox = async (token: string) => (await call("GET", "/dev/outbox", { token })).body.items as { purpose: string; to: string; subject: string; bodyText: string; status: string }[];
const resetMails = async (token: string) => (await outbox(token)).filter((m) => m.purpose === "password_reset");
const tokenOf = (mail: { bodyText: string }) => /\/reset-password\?token=([\w-]+)/.exec(mail.bodyText)![1]!;
const rows = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).all()).results;
const login = (workspace: string, email: string, password: string) => call("POST", "/auth/login", { body: { workspace, email, password } });

/** A code from the authenticator holding `secret`, `stepsAhead` 30-second steps from now. */
const codeFor = (secret: string, stepsAhead = 0) => totpCode(base32Decode(secret)!, new Date(Date.now() + stepsAhead * 30_000));

describe("forgot password", () => {
  it("emails a link in the request's language, recorded in the outbox; the link sets a new password once and signs out everywhere", async () => {
    const ws = await newWorkspace();
    const accepted = await publicClient().auth["password-reset"].$post({ json: { workspace: ws.slug, email: ws.email.toUpperCase(), language: "zh-CN" } });
    expect(accepted.status).toBe(202);
    const [mail] = await resetMails(ws.token);
    expect(mail).toMatchObject({ to: ws.email, subject: expect.stringContaining("重置") });
    expect(mail!.bodyText).toContain("http://localhost:8787/reset-password?token=");
    const token = tokenOf(mail!);
    // Only a hash is stored.
    expect(JSON.stringify(await rows("select * from password_resets"))).not.toContain(token);

    const confirm = () => call("POST", "/auth/password-reset/confirm", { body: { token, password: "a fresh long password" } });
    expect((await confirm()).status).toBe(204);
    expectProblem(await confirm(), 404, "reset_link_invalid");
    expectProblem(await call("GET", "/me", { token: ws.token }), 401, "invalid_credentials");
    expectProblem(await login(ws.slug, ws.email, ws.password), 401, "invalid_credentials");
    expect((await login(ws.slug, ws.email, "a fresh long password")).status).toBe(200);
  });

  it("a double click uses the link once: of two confirms at the same time exactly one succeeds", async () => {
    const ws = await newWorkspace();
    await publicClient().auth["password-reset"].$post({ json: { workspace: ws.slug, email: ws.email } });
    const token = tokenOf((await resetMails(ws.token))[0]!);
    const results = await Promise.all(["first long password", "second long password"].map((password) => call("POST", "/auth/password-reset/confirm", { body: { token, password } })));
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    const winner = results[0]!.status === 204 ? "first long password" : "second long password";
    expect((await login(ws.slug, ws.email, winner)).status).toBe(200);
  });

  it("a link expires after an hour, and a newer reset spends older links", async () => {
    const ws = await newWorkspace();
    const client = publicClient();
    await client.auth["password-reset"].$post({ json: { workspace: ws.slug, email: ws.email } });
    await client.auth["password-reset"].$post({ json: { workspace: ws.slug, email: ws.email } });
    const [newer, older] = (await resetMails(ws.token)).map(tokenOf);
    await env.DB.prepare("update password_resets set expires_at = ? where tenant_id = ? and created_at = (select max(created_at) from password_resets where tenant_id = ?)")
      .bind(Date.now() - 1, ws.workspace.id, ws.workspace.id)
      .run();
    const results = await Promise.all([newer, older].map((token) => call("POST", "/auth/password-reset/confirm", { body: { token, password: "a fresh long password" } })));
    // One of the two was made expired (the rows may share a millisecond: either is fine); the other works.
    expect(results.map((r) => r.status).sort()).toEqual([204, 404]);
    const valid = results.findIndex((r) => r.status === 204);
    expect(expectProblem(results[1 - valid]!, 404, "reset_link_invalid").errors).toEqual([expect.objectContaining({ field: "body.token" })]);
  });

  it("never reveals whether an account exists: same answer, no mail, no link for unknown addresses and workspaces", async () => {
    const ws = await newWorkspace();
    const client = publicClient();
    const answers = await Promise.all(
      [
        { workspace: ws.slug, email: ws.email },
        { workspace: ws.slug, email: "nobody@nowhere.example" },
        { workspace: "no-such-workspace-here", email: ws.email },
      ].map(async (json) => {
        const res = await client.auth["password-reset"].$post({ json });
        return { status: res.status, body: await res.text(), type: res.headers.get("Content-Type") };
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect((await rows("select count(*) n from password_resets where tenant_id = ?", ws.workspace.id))[0]).toEqual({ n: 1 });
    expect(await resetMails(ws.token)).toHaveLength(1);
  });

  it("is rate-limited per address (existing or not) and per client", async () => {
    const ws = await newWorkspace();
    for (const email of [ws.email, "ghost@nowhere.example"]) {
      const client = publicClient();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await client.auth["password-reset"].$post({ json: { workspace: ws.slug, email } })).status);
      expect(statuses, email).toEqual([202, 202, 202, 429]);
    }
    const client = publicClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await client.auth["password-reset"].$post({ json: { workspace: ws.slug, email: `x${i}@nowhere.example` } })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
  });

  it("stays in its workspace: the same address in two workspaces gets a link for the named one only", async () => {
    const a = await newWorkspace("Tenant A");
    const b = await newWorkspace("Tenant B");
    const shared = "shared.person@members.example";
    for (const ws of [a, b]) {
      const invite = await call("POST", "/invitations", { token: ws.token, body: { email: shared, role: "agent" } });
      const token = new URL(invite.body.acceptUrl).searchParams.get("token");
      expect((await call("POST", "/auth/accept-invitation", { body: { token, name: "Shared", password: "shared long password" } })).status).toBe(201);
    }
    await publicClient().auth["password-reset"].$post({ json: { workspace: a.slug, email: shared } });
    expect(await resetMails(b.token)).toHaveLength(0);
    const token = tokenOf((await resetMails(a.token))[0]!);
    expect((await call("POST", "/auth/password-reset/confirm", { body: { token, password: "only in tenant a" } })).status).toBe(204);
    expect((await login(a.slug, shared, "only in tenant a")).status).toBe(200);
    expect((await login(b.slug, shared, "shared long password")).status).toBe(200);
  });

  it("writes the mail in the user's own language when they chose one", async () => {
    const ws = await newWorkspace();
    expect((await call("PATCH", "/me", { token: ws.token, body: { language: "en" } })).status).toBe(200);
    await publicClient().auth["password-reset"].$post({ json: { workspace: ws.slug, email: ws.email, language: "zh-CN" } });
    expect((await resetMails(ws.token))[0]!.subject).toMatch(/^Reset your Kefu password/);
  });
});

describe("profile", () => {
  it("stores name, language, time zone and signature for any role; refuses an unknown time zone at its field", async () => {
    const ws = await newWorkspace();
    const agent = await newMember(ws.token, "agent");
    const changed = await call("PATCH", "/me", { token: agent.token, body: { language: "zh-CN", timeZone: "Asia/Shanghai", signature: "祝好，\nAda" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await call("GET", "/me", { token: agent.token })).body.user).toMatchObject({ language: "zh-CN", timeZone: "Asia/Shanghai", signature: "祝好，\nAda", twoFactorEnabled: false });
    const bad = expectProblem(await call("PATCH", "/me", { token: agent.token, body: { timeZone: "Mars/Olympus" } }), 422, "invalid_time_zone");
    expect(bad.errors).toEqual([expect.objectContaining({ field: "body.timeZone", code: "invalid_time_zone" })]);
    expectProblem(await call("PATCH", "/me", { token: agent.token, body: { language: "fr" } }), 422, "validation_failed");
  });

  it("lists your sessions and signs out everywhere else", async () => {
    const ws = await newWorkspace();
    const other = (await login(ws.slug, ws.email, ws.password)).body.token as string;
    const here = (await login(ws.slug, ws.email, ws.password)).body.token as string;
    const listed = await call("GET", "/me/sessions", { token: here });
    expect(listed.body.items).toHaveLength(3);
    expect(listed.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect((await call("DELETE", "/me/sessions", { token: here })).status).toBe(204);
    expectProblem(await call("GET", "/me", { token: other }), 401, "invalid_credentials");
    expectProblem(await call("GET", "/me", { token: ws.token }), 401, "invalid_credentials");
    expect((await call("GET", "/me/sessions", { token: here })).body.items).toEqual([expect.objectContaining({ current: true })]);
    // Another workspace's user cannot see or end these sessions.
    const stranger = await newWorkspace();
    expect((await call("GET", "/me/sessions", { token: stranger.token })).body.items).toHaveLength(1);
  });
});

/** Turns two-factor on for the token's user; the secret and the recovery codes. The code of the current step is spent. */
async function enrol(token: string) {
  const started = await call("POST", "/me/two-factor", { token });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
  expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  const wrong = expectProblem(await call("POST", "/me/two-factor/confirm", { token, body: { code: "000000" === (await codeFor(secret)) ? "111111" : "000000" } }), 422, "two_factor_code_wrong");
  expect(wrong.errors).toEqual([expect.objectContaining({ field: "body.code" })]);
  const confirmed = await call("POST", "/me/two-factor/confirm", { token, body: { code: await codeFor(secret) } });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

describe("two-factor sign-in (TOTP)", () => {
  it("asks for a code after the password; a code works once; a recovery code works once", async () => {
    const ws = await newWorkspace();
    const { secret, recoveryCodes } = await enrol(ws.token);
    expect(recoveryCodes).toHaveLength(10);
    expect(JSON.stringify(await rows("select code_hash from recovery_codes"))).not.toContain(recoveryCodes[0]!.replaceAll("-", ""));
    expect((await call("GET", "/me", { token: ws.token })).body.user.twoFactorEnabled).toBe(true);
    // The code that confirmed the enrolment is spent.
    const first = await login(ws.slug, ws.email, ws.password);
    expect(first.body).toMatchObject({ twoFactor: "verify", challenge: expect.any(String), enrolment: null });
    expect(first.body.token).toBeUndefined();
    expect(first.headers.get("Set-Cookie")).toBeNull();
    const client = publicClient();
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: first.body.challenge, code: await codeFor(secret) } }), 422, "two_factor_code_wrong");

    const next = await codeFor(secret, 1);
    const signedIn = await client.auth.login["two-factor"].$post({ json: { challenge: first.body.challenge, code: next } });
    expect(signedIn.status).toBe(200);
    const session = await signedIn.json();
    expect((await call("GET", "/me", { token: "token" in session ? session.token : "" })).status).toBe(200);
    // Replay of the same code, even with a fresh challenge.
    const again = await login(ws.slug, ws.email, ws.password);
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: again.body.challenge, code: next } }), 422, "two_factor_code_wrong");

    const viaRecovery = await call("POST", "/auth/login/two-factor", { body: { challenge: again.body.challenge, code: recoveryCodes[3]!.toUpperCase() } });
    expect(viaRecovery.status, JSON.stringify(viaRecovery.body)).toBe(200);
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: again.body.challenge, code: recoveryCodes[3] } }), 422, "two_factor_code_wrong");
  });

  it("refuses a forged, foreign or session token as a challenge, and locks after five wrong codes", async () => {
    const ws = await newWorkspace();
    const { recoveryCodes } = await enrol(ws.token);
    const { challenge } = (await login(ws.slug, ws.email, ws.password)).body;
    for (const bad of [ws.token, `${challenge.slice(0, -2)}xx`, "not-a-jwt"])
      expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: bad, code: "123456" } }), 401, "two_factor_challenge_expired");
    for (let i = 0; i < 5; i++) expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge, code: "aaaa-bbbb-cccc" } }), 422, "two_factor_code_wrong");
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge, code: recoveryCodes[0] } }), 429, "two_factor_locked");
  });

  it("signs in without a second step when two-factor is off, and again after it is turned off", async () => {
    const ws = await newWorkspace();
    expect((await login(ws.slug, ws.email, ws.password)).body.token).toEqual(expect.any(String));
    const { recoveryCodes } = await enrol(ws.token);
    expect((await login(ws.slug, ws.email, ws.password)).body.token).toBeUndefined();
    expectProblem(await call("POST", "/me/two-factor", { token: ws.token }), 409, "two_factor_already_enabled");
    expect((await call("POST", "/me/two-factor/disable", { token: ws.token, body: { code: recoveryCodes[0] } })).status).toBe(204);
    expect((await login(ws.slug, ws.email, ws.password)).body.token).toEqual(expect.any(String));
    expect(await rows("select * from recovery_codes where tenant_id = ?", ws.workspace.id)).toEqual([]);
  });

  it("an owner can require it: only with their own on; others enrol at sign-in before they get a session and cannot turn it off", async () => {
    const ws = await newWorkspace();
    const admin = await newMember(ws.token, "admin");
    const agent = await newMember(ws.token, "agent");
    expectProblem(await call("PATCH", "/workspace", { token: ws.token, body: { requireTwoFactor: true } }), 409, "two_factor_enable_first");
    await enrol(ws.token);
    expectProblem(await call("PATCH", "/workspace", { token: admin.token, body: { requireTwoFactor: true } }), 403, "forbidden");
    const required = await call("PATCH", "/workspace", { token: ws.token, body: { requireTwoFactor: true } });
    expect(required.body).toMatchObject({ requireTwoFactor: true });

    const first = await login(ws.slug, agent.email, "another long password");
    expect(first.body).toMatchObject({ twoFactor: "enrol", enrolment: { secret: expect.any(String), otpauthUri: expect.stringContaining("otpauth://totp/") } });
    expect(first.body.token).toBeUndefined();
    // A recovery code cannot stand in for enrolling.
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: first.body.challenge, code: "aaaa-bbbb-cccc" } }), 422, "two_factor_code_wrong");
    const enrolled = await call("POST", "/auth/login/two-factor", { body: { challenge: first.body.challenge, code: await codeFor(first.body.enrolment.secret) } });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
    expect(enrolled.body.recoveryCodes).toHaveLength(10);
    expect(enrolled.body.user.id).toBe(agent.user.id);
    expect((await call("GET", "/me", { token: enrolled.body.token })).body.user.twoFactorEnabled).toBe(true);
    expectProblem(await call("POST", "/me/two-factor/disable", { token: enrolled.body.token, body: { code: enrolled.body.recoveryCodes[0] } }), 409, "two_factor_required_by_workspace");
    // The next sign-in verifies (no second enrolment).
    expect((await login(ws.slug, agent.email, "another long password")).body.twoFactor).toBe("verify");
  });

  it("keeps each workspace's challenge in its workspace: a challenge never signs in another workspace's user", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const { recoveryCodes: codesA } = await enrol(a.token);
    await enrol(b.token);
    const challengeB = (await login(b.slug, b.email, b.password)).body.challenge;
    // A's recovery code against B's challenge: refused.
    expectProblem(await call("POST", "/auth/login/two-factor", { body: { challenge: challengeB, code: codesA[0] } }), 422, "two_factor_code_wrong");
  });
});

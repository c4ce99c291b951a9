import fc from "fast-check";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  SESSION_TOKEN_AUDIENCE,
  SESSION_TOKEN_ISSUER,
  SESSION_TOKEN_TTL_SECONDS,
  signSessionToken,
  verifySessionToken,
  type SessionClaims,
} from "../../workers/core/auth/session-token";

const SECRET = "session-test-secret-0123456789abcdef";
const NOW = new Date("2026-11-20T10:00:00.000Z");
const CLAIMS: SessionClaims = { userId: "usr_1", tenantId: "ten_1", sessionId: "ses_1" };
const enc = (secret: string) => new TextEncoder().encode(secret);

const b64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const fromB64url = (part: string) => new TextDecoder().decode(Uint8Array.from(atob(part.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0)));

/** A token like a real one, with one thing changed. */
function craft(overrides: { aud?: string; iss?: string; alg?: "HS256" | "HS384" | "HS512"; secret?: string; payload?: Record<string, unknown> } = {}) {
  const iat = Math.floor(NOW.getTime() / 1000);
  return new SignJWT(overrides.payload ?? { tid: CLAIMS.tenantId, sid: CLAIMS.sessionId })
    .setProtectedHeader({ alg: overrides.alg ?? "HS256", typ: "JWT" })
    .setSubject(CLAIMS.userId)
    .setIssuer(overrides.iss ?? SESSION_TOKEN_ISSUER)
    .setAudience(overrides.aud ?? SESSION_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(enc(overrides.secret ?? SECRET));
}

const claimsArb = fc.record({
  userId: fc.string({ minLength: 1, maxLength: 40 }),
  tenantId: fc.string({ maxLength: 40 }),
  sessionId: fc.string({ maxLength: 40 }),
});

describe("session tokens", () => {
  it("round-trips the claims it was signed with (property)", async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, async (claims) => {
        const { token } = await signSessionToken(SECRET, claims, NOW);
        expect(await verifySessionToken(SECRET, token, NOW)).toEqual(claims);
      }),
      { numRuns: 50 },
    );
  });

  it("expires one TTL after issue and is valid until then", async () => {
    const { token, expiresAt } = await signSessionToken(SECRET, CLAIMS, NOW);
    expect(expiresAt.getTime()).toBe(NOW.getTime() + SESSION_TOKEN_TTL_SECONDS * 1000);
    expect(SESSION_TOKEN_TTL_SECONDS).toBeGreaterThan(0);

    expect(await verifySessionToken(SECRET, token, new Date(expiresAt.getTime() - 1000))).toEqual(CLAIMS);
    expect(await verifySessionToken(SECRET, token, new Date(expiresAt.getTime() + 1000))).toBeNull();
    expect(await verifySessionToken(SECRET, token, new Date(expiresAt.getTime() + 86_400_000))).toBeNull();
  });

  it("rejects a token signed with another secret (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 64 }), async (other) => {
        fc.pre(other !== SECRET);
        const { token } = await signSessionToken(other, CLAIMS, NOW);
        expect(await verifySessionToken(SECRET, token, NOW)).toBeNull();
      }),
      { numRuns: 30 },
    );
  });

  it("rejects a token whose payload was changed (signature no longer matches)", async () => {
    const { token } = await signSessionToken(SECRET, CLAIMS, NOW);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(fromB64url(payload));
    for (const change of [{ tid: "ten_other" }, { sid: "ses_other" }, { sub: "usr_admin" }, { exp: claims.exp + 86_400 }]) {
      const forged = `${header}.${b64url(JSON.stringify({ ...claims, ...change }))}.${signature}`;
      expect(await verifySessionToken(SECRET, forged, NOW), JSON.stringify(change)).toBeNull();
    }
  });

  it("rejects a token with a damaged signature", async () => {
    const { token } = await signSessionToken(SECRET, CLAIMS, NOW);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(await verifySessionToken(SECRET, `${header}.${payload}.${flipped}`, NOW)).toBeNull();
    expect(await verifySessionToken(SECRET, `${header}.${payload}.`, NOW)).toBeNull();
  });

  it("accepts a hand-made token with the right audience, issuer and algorithm (control for the cases below)", async () => {
    expect(await verifySessionToken(SECRET, await craft(), NOW)).toEqual(CLAIMS);
  });

  it("rejects a token for another audience", async () => {
    expect(await verifySessionToken(SECRET, await craft({ aud: "some-other-api" }), NOW)).toBeNull();
  });

  it("rejects a token from another issuer", async () => {
    expect(await verifySessionToken(SECRET, await craft({ iss: "not-kefu" }), NOW)).toBeNull();
  });

  it("rejects a token that lacks the tenant or session claim", async () => {
    expect(await verifySessionToken(SECRET, await craft({ payload: { sid: CLAIMS.sessionId } }), NOW)).toBeNull();
    expect(await verifySessionToken(SECRET, await craft({ payload: { tid: CLAIMS.tenantId } }), NOW)).toBeNull();
    expect(await verifySessionToken(SECRET, await craft({ payload: { tid: 42, sid: CLAIMS.sessionId } }), NOW)).toBeNull();
  });

  it("pins the algorithm: HS384 and HS512 tokens with the right secret are rejected", async () => {
    expect(await verifySessionToken(SECRET, await craft({ alg: "HS384" }), NOW)).toBeNull();
    expect(await verifySessionToken(SECRET, await craft({ alg: "HS512" }), NOW)).toBeNull();
  });

  it("pins the algorithm: an unsigned `alg: none` token is rejected", async () => {
    const iat = Math.floor(NOW.getTime() / 1000);
    const payload = { sub: CLAIMS.userId, tid: CLAIMS.tenantId, sid: CLAIMS.sessionId, iss: SESSION_TOKEN_ISSUER, aud: SESSION_TOKEN_AUDIENCE, iat, exp: iat + 600 };
    const body = b64url(JSON.stringify(payload));
    for (const alg of ["none", "None", "NONE"]) {
      const header = b64url(JSON.stringify({ alg, typ: "JWT" }));
      expect(await verifySessionToken(SECRET, `${header}.${body}.`, NOW), alg).toBeNull();
    }
    // Nor does an `alg: none` header in front of a signature copied from a real token.
    const { token } = await signSessionToken(SECRET, CLAIMS, NOW);
    const signature = token.split(".")[2]!;
    expect(await verifySessionToken(SECRET, `${b64url(JSON.stringify({ alg: "none" }))}.${body}.${signature}`, NOW)).toBeNull();
  });

  it("returns null (never throws) for arbitrary strings", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.array(fc.base64String(), { minLength: 3, maxLength: 3 }).map((p) => p.join("."))), async (token) => {
        expect(await verifySessionToken(SECRET, token, NOW)).toBeNull();
      }),
    );
  });
  it("a token once verified is still refused under another secret, before it was issued, and once expired", async () => {
    const { token, expiresAt } = await signSessionToken(SECRET, CLAIMS, NOW);
    expect(await verifySessionToken(SECRET, token, NOW)).toEqual(CLAIMS); // remembered from here on
    expect(await verifySessionToken(`${SECRET}-rotated`, token, NOW)).toBeNull();
    expect(await verifySessionToken(SECRET, token, new Date(NOW.getTime() - 60_000))).toBeNull();
    expect(await verifySessionToken(SECRET, token, expiresAt)).toBeNull();
    expect(await verifySessionToken(SECRET, token, new Date(expiresAt.getTime() - 1000))).toEqual(CLAIMS);
  });
});

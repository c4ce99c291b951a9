import { jwtVerify, SignJWT, errors } from "jose";
import { purposeKey } from "../auth/purpose-key";
import { FILE_LINK_TTL_DAYS } from "./upload-rules";

/**
 * A download link for a file too large to attach to a reply email: a JWT naming the workspace
 * and the attachment, signed with a key derived from the Worker's secret for this purpose only,
 * expiring after FILE_LINK_TTL_DAYS. The public route that serves it takes the workspace from
 * the token alone.
 */
const ALGORITHM = "HS256";
const AUDIENCE = "kefu-file";
const ISSUER = "kefu";

export interface FileLinkClaims {
  tenantId: string;
  attachmentId: string;
}

export type FileLinkCheck = { ok: true; claims: FileLinkClaims } | { ok: false; reason: "expired" | "invalid" };

const linkKey = (secret: string) => purposeKey(secret, "kefu file links v1");

export async function signFileLink(secret: string, claims: FileLinkClaims, now: Date, ttlDays = FILE_LINK_TTL_DAYS): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tenantId })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.attachmentId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlDays * 86_400)
    .sign(await linkKey(secret));
}

export async function verifyFileLink(secret: string, token: string, now: Date): Promise<FileLinkCheck> {
  try {
    const { payload } = await jwtVerify(token, await linkKey(secret), {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      issuer: ISSUER,
      requiredClaims: ["sub", "exp", "tid"],
      currentDate: now,
    });
    if (typeof payload.tid !== "string" || !payload.sub) return { ok: false, reason: "invalid" };
    return { ok: true, claims: { tenantId: payload.tid, attachmentId: payload.sub } };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

/** Where a file link is opened: the API's public route under the app's address. */
export const fileLinkUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/api/v1/files/${token}`;

import { signLink, verifyLink, type LinkKind } from "../auth/signed-link";
import { FILE_LINK_TTL_DAYS } from "./upload-rules";

/**
 * A download link for a file too large to attach to a reply email: a signed link naming the
 * workspace and the attachment, expiring after FILE_LINK_TTL_DAYS. The public route that serves
 * it takes the workspace from the token alone.
 */
const FILE_LINK: LinkKind = { purpose: "kefu file links v1", audience: "kefu-file", ttlDays: FILE_LINK_TTL_DAYS };

export interface FileLinkClaims {
  tenantId: string;
  attachmentId: string;
}

export type FileLinkCheck = { ok: true; claims: FileLinkClaims } | { ok: false; reason: "expired" | "invalid" };

export const signFileLink = (secret: string, claims: FileLinkClaims, now: Date): Promise<string> => signLink(secret, FILE_LINK, claims.attachmentId, { tid: claims.tenantId }, now);

export async function verifyFileLink(secret: string, token: string, now: Date): Promise<FileLinkCheck> {
  const check = await verifyLink(secret, FILE_LINK, token, ["tid"], now);
  return check.ok ? { ok: true, claims: { tenantId: check.claims.tid!, attachmentId: check.subject } } : check;
}

/** Where a file link is opened: the API's public route under the app's address. */
export const fileLinkUrl = (appUrl: string, token: string) => `${appUrl.replace(/\/+$/, "")}/api/v1/files/${token}`;

import { eq } from "drizzle-orm";
import { tenants } from "../../../schema";
import { runBatch } from "../db";
import { AppError, notFound, type LogoErrorCode } from "../errors";
import { sha256Hex } from "../ids";
import { checkLogo, LOGO_ID, LOGO_MAX_BYTES, logoObjectKey } from "./logo-rules";
import type { TenantScope } from "./scope";
import type { Tenant } from "./tenant";

const REFUSALS: Record<LogoErrorCode, { status: AppError["status"]; message: string }> = {
  logo_too_large: { status: 413, message: `A logo can be at most ${LOGO_MAX_BYTES / 1024} KB` },
  logo_type_not_allowed: { status: 415, message: "A logo must be a PNG, JPEG or WebP image (SVG is refused: it can carry scripts)" },
};

const logoError = (code: LogoErrorCode) => new AppError(REFUSALS[code].status, code, REFUSALS[code].message, { errors: [{ field: "data", code, message: REFUSALS[code].message }] });

/**
 * Replaces the workspace's uploaded logo: checked (type by its bytes, size), stored in R2 under a
 * content id of the workspace and the bytes, then the workspace points at it in one D1 round
 * trip that also reads the previous logo, whose object is then deleted.
 */
export async function setWorkspaceLogo(scope: TenantScope, blobs: R2Bucket, logo: { contentType: string; bytes: Uint8Array }, now = new Date()): Promise<Tenant> {
  const checked = checkLogo(logo.contentType, logo.bytes);
  if ("refused" in checked) throw logoError(checked.refused);
  const prefix = new TextEncoder().encode(`${scope.tenantId}:`);
  const id = (await sha256Hex(new Uint8Array([...prefix, ...logo.bytes]))).slice(0, 40);
  await blobs.put(logoObjectKey(id), logo.bytes, { httpMetadata: { contentType: checked.type }, customMetadata: { tenantId: scope.tenantId } });
  return point(scope, blobs, id, now);
}

/** Removes the workspace's uploaded logo (its object too); the logo URL, if any, shows again. */
export function removeWorkspaceLogo(scope: TenantScope, blobs: R2Bucket, now = new Date()): Promise<Tenant> {
  return point(scope, blobs, null, now);
}

async function point(scope: TenantScope, blobs: R2Bucket, id: string | null, now: Date): Promise<Tenant> {
  const { db, tenantId } = scope;
  const [before, after] = (await runBatch(db, [
    db.select({ logoKey: tenants.logoKey }).from(tenants).where(eq(tenants.id, tenantId)),
    db.update(tenants).set({ logoKey: id, updatedAt: now }).where(eq(tenants.id, tenantId)).returning(),
  ])) as [{ logoKey: string | null }[], Tenant[]];
  const tenant = after[0];
  if (!tenant) throw notFound("Workspace");
  const previous = before[0]?.logoKey;
  if (previous && previous !== id) await blobs.delete(logoObjectKey(previous));
  return tenant;
}

/** A logo by its public id, or null (a malformed id, or no such logo: removed, replaced, never uploaded). */
export async function readLogo(blobs: R2Bucket, id: string): Promise<R2ObjectBody | null> {
  if (!LOGO_ID.test(id)) return null;
  return blobs.get(logoObjectKey(id));
}

import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import { auditEvents, type AuditActorVia } from "../../../schema";
import { newId } from "../ids";
import { decodeCursor, toPage } from "../pagination";
import type { TenantScope } from "../tenancy/scope";
import { redactSecrets } from "./redact";

export type AuditEvent = typeof auditEvents.$inferSelect;

export interface AuditEventInput {
  actor: { userId: string; name: string; via: AuditActorVia };
  action: string;
  resourceType: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  status: number;
  requestId: string;
}

/** Appends one action to the workspace's log; secrets in `before`/`after` are redacted here, whoever calls. */
export async function recordAuditEvent(scope: TenantScope, input: AuditEventInput, now = new Date()): Promise<void> {
  await scope.db.insert(auditEvents).values({
    id: newId("aud", now.getTime()),
    tenantId: scope.tenantId,
    actorUserId: input.actor.userId,
    actorName: input.actor.name,
    actorVia: input.actor.via,
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    before: input.before == null ? null : redactSecrets(input.before),
    after: input.after == null ? null : redactSecrets(input.after),
    status: input.status,
    requestId: input.requestId,
    createdAt: now,
  });
}

export interface AuditQuery {
  limit: number;
  cursor?: string;
  resourceType?: string;
  actorUserId?: string;
  since?: Date;
}

const SORT = "audit_events:created_at:desc";

/** The workspace's log, newest first, a keyset page at a time. */
export async function listAuditEvents(scope: TenantScope, query: AuditQuery) {
  const conditions: SQL[] = [eq(auditEvents.tenantId, scope.tenantId)];
  if (query.resourceType) conditions.push(eq(auditEvents.resourceType, query.resourceType));
  if (query.actorUserId) conditions.push(eq(auditEvents.actorUserId, query.actorUserId));
  if (query.since) conditions.push(gte(auditEvents.createdAt, query.since));
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, SORT);
    const at = new Date(cursor.value);
    conditions.push(or(lt(auditEvents.createdAt, at), and(eq(auditEvents.createdAt, at), lt(auditEvents.id, cursor.id)))!);
  }
  const rows = await scope.db.query.auditEvents.findMany({
    where: and(...conditions),
    orderBy: [desc(auditEvents.createdAt), desc(auditEvents.id)],
    limit: query.limit + 1,
  });
  return toPage(rows, query.limit, SORT, (row) => row.createdAt.getTime());
}

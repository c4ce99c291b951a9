import { and, desc, eq } from "drizzle-orm";
import { inboundMessages, mailDeliveries, type DeliveryOutcome, type InboundStatus } from "../../../schema";
import type { Db, Statement } from "../db";
import { notFound } from "../errors";
import { newId } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { dedupeKeysOf } from "./content-fingerprint";

export type InboundMessage = typeof inboundMessages.$inferSelect;

export interface Envelope {
  from: string;
  to: string;
  rawSize: number;
}

/** Where the raw bytes of an accepted message live in R2 (content-addressed, so a redelivery overwrites nothing new). */
export const rawKeyOf = (tenantId: string, sha256: string) => `raw/${tenantId}/${sha256}.eml`;

/**
 * Records an accepted message (its raw bytes already in R2), deduplicated per workspace by its
 * Message-ID and content hash (dedupeKeysOf). A message already recorded under the same key is
 * returned as it is: `fresh` is false, and the caller treats it as a duplicate unless its
 * processing never finished (`status = received`). A *different* message reusing an earlier
 * message's Message-ID is recorded under the id and its content hash, with `messageIdReusedOf`
 * naming the earlier one, and processed like any other; its own re-deliveries find that record.
 */
export async function recordInbound(
  scope: TenantScope,
  input: { messageId: string | null; contentHash: string; envelope: Envelope; rawKey: string; supportAddressId: string },
  now: Date,
): Promise<{ inbound: InboundMessage; fresh: boolean }> {
  const keys = dedupeKeysOf(input.messageId, input.contentHash);
  const first = await insertOrFind(scope, { ...input, dedupeKey: keys.primary, messageIdReusedOf: null }, now);
  // Rows from before content hashes were kept count as the same message, as they always did.
  const sameMessage = first.inbound.contentHash === null || first.inbound.contentHash === input.contentHash;
  if (first.fresh || !keys.reuse || sameMessage) return first;
  return insertOrFind(scope, { ...input, dedupeKey: keys.reuse, messageIdReusedOf: first.inbound.id }, now);
}

async function insertOrFind(
  scope: TenantScope,
  input: { dedupeKey: string; contentHash: string; messageIdReusedOf: string | null; envelope: Envelope; rawKey: string; supportAddressId: string },
  now: Date,
): Promise<{ inbound: InboundMessage; fresh: boolean }> {
  const [inserted] = await scope.db
    .insert(inboundMessages)
    .values({
      id: newId("inb", now.getTime()),
      tenantId: scope.tenantId,
      supportAddressId: input.supportAddressId,
      dedupeKey: input.dedupeKey,
      contentHash: input.contentHash,
      messageIdReusedOf: input.messageIdReusedOf,
      envelopeFrom: input.envelope.from,
      envelopeTo: input.envelope.to,
      rawKey: input.rawKey,
      rawSize: input.envelope.rawSize,
      status: "received",
      receivedAt: now,
    })
    .onConflictDoNothing({ target: [inboundMessages.tenantId, inboundMessages.dedupeKey] })
    .returning();
  if (inserted) return { inbound: inserted, fresh: true };
  const existing = await scope.db.query.inboundMessages.findFirst({
    where: and(eq(inboundMessages.tenantId, scope.tenantId), eq(inboundMessages.dedupeKey, input.dedupeKey)),
  });
  return { inbound: existing!, fresh: false };
}

/** The envelope a recorded message came in. */
export const envelopeOf = (inbound: InboundMessage): Envelope => ({ from: inbound.envelopeFrom, to: inbound.envelopeTo, rawSize: inbound.rawSize });

/**
 * The statements that end an inbound message's processing, for one batch: its record's final
 * status, detail and what it was filed as (`fields`), and the delivery log's row.
 */
export function settleStatements(
  scope: TenantScope,
  inbound: InboundMessage,
  settlement: { outcome: DeliveryOutcome; status: InboundStatus; detail: string },
  fields: Partial<InboundMessage>,
  now: Date,
): Statement[] {
  const { outcome, status, detail } = settlement;
  return [
    settleInbound(scope, inbound.id, { status, detail: detail || null, ...fields }, now),
    deliveryStatement(scope.db, scope.tenantId, envelopeOf(inbound), outcome, { inboundMessageId: inbound.id, ticketId: fields.ticketId ?? null, ...(detail ? { detail } : {}) }, now),
  ];
}

/** The statement that closes an inbound message's processing, for the caller's batch. */
export function settleInbound(scope: TenantScope, id: string, outcome: { status: InboundStatus } & Partial<InboundMessage>, now: Date) {
  return scope.db
    .update(inboundMessages)
    .set({ ...outcome, processedAt: now })
    .where(and(eq(inboundMessages.tenantId, scope.tenantId), eq(inboundMessages.id, id)));
}

export async function getInbound(scope: TenantScope, id: string): Promise<InboundMessage> {
  const row = await scope.db.query.inboundMessages.findFirst({ where: and(eq(inboundMessages.tenantId, scope.tenantId), eq(inboundMessages.id, id)) });
  if (!row) throw notFound("Inbound message");
  return row;
}

export function listInbound(scope: TenantScope, status: InboundStatus, limit: number) {
  return scope.db.query.inboundMessages.findMany({
    where: and(eq(inboundMessages.tenantId, scope.tenantId), eq(inboundMessages.status, status)),
    orderBy: [desc(inboundMessages.receivedAt), desc(inboundMessages.id)],
    limit,
  });
}

type DeliveryDetails = { inboundMessageId?: string; ticketId?: string | null; detail?: string };

/** Every delivery leaves one log row with its outcome (rejected mail has no tenant). */
export async function logDelivery(db: Db, tenantId: string | null, envelope: Envelope, outcome: DeliveryOutcome, details: DeliveryDetails = {}, now = new Date()) {
  await deliveryStatement(db, tenantId, envelope, outcome, details, now);
}

/** The log row, for the batch that settles the message. */
export function deliveryStatement(db: Db, tenantId: string | null, envelope: Envelope, outcome: DeliveryOutcome, details: DeliveryDetails, now: Date) {
  return db.insert(mailDeliveries).values({
    id: newId("dlv", now.getTime()),
    tenantId,
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    rawSize: envelope.rawSize,
    outcome,
    inboundMessageId: details.inboundMessageId ?? null,
    ticketId: details.ticketId ?? null,
    detail: details.detail?.slice(0, 1000) ?? null,
    createdAt: now,
  });
}

export function listDeliveries(scope: TenantScope, limit: number) {
  return scope.db.query.mailDeliveries.findMany({
    where: eq(mailDeliveries.tenantId, scope.tenantId),
    orderBy: [desc(mailDeliveries.createdAt), desc(mailDeliveries.id)],
    limit,
  });
}

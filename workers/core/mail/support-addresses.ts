import { and, asc, eq, isNotNull } from "drizzle-orm";
import { groups, supportAddresses, tenants, type TicketPriority } from "../../../schema";
import { isUniqueViolation, runBatch, type Db } from "../db";
import { AppError, conflict, invalidField, notFound } from "../errors";
import { writeUnlessChanged } from "../row-version";
import { newId, randomSecret } from "../ids";
import type { TenantScope } from "../tenancy/scope";
import { getTenant, type Tenant } from "../tenancy/tenant";
import { PLACEHOLDERS, unknownPlaceholders } from "../tickets/templates";
import type { MailSettings } from "./mailer";
import { builtInAddress, newMessageId } from "./addresses";
import { verifiedElsewhere, withoutPlusTag } from "./address-claims";
import { queueOutbound, sendQueued } from "./outbox";
import { DEFAULT_ACK } from "./ack-templates";

export type SupportAddress = typeof supportAddresses.$inferSelect;

export interface SupportAddressInput {
  address: string;
  displayName: string;
  defaultGroupId: string | null;
  defaultPriority: TicketPriority;
  plusAddressing: boolean;
  autoAckEnabled: boolean;
  autoAckSubject: string;
  autoAckBody: string;
  /** The Chinese acknowledgement (null: the built-in Chinese default, ack-templates.ts). */
  autoAckSubjectZh: string | null;
  autoAckBodyZh: string | null;
}

/** The workspace's built-in address, created on first need (sign-up creates it too). */
export async function ensureBuiltInAddress(db: Db, tenant: Tenant, mailDomain: string, now = new Date()): Promise<SupportAddress> {
  const address = builtInAddress(tenant.slug, mailDomain);
  await builtInAddressInsert(db, tenant, mailDomain, now);
  return (await db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, tenant.id), eq(supportAddresses.address, address)) }))!;
}

/** The statement creating the workspace's built-in address unless it exists (for the caller's batch, e.g. sign-up's). */
export function builtInAddressInsert(db: Db, tenant: Pick<Tenant, "id" | "slug" | "name">, mailDomain: string, now = new Date()) {
  return db
    .insert(supportAddresses)
    .values({ ...newAddressRow(tenant.id, builtInAddress(tenant.slug, mailDomain), tenant.name, now), builtIn: true, verifiedAt: now })
    .onConflictDoNothing({ target: [supportAddresses.tenantId, supportAddresses.address] });
}

/** Every address of the workspace, for a caller's batch (inbound mail checks claims and its own addresses against them). */
export const workspaceAddressesQuery = (scope: TenantScope) => scope.db.select().from(supportAddresses).where(eq(supportAddresses.tenantId, scope.tenantId));

/** The groups the workspace's addresses file new tickets in, as a subquery (the groups a mail's new ticket may land in). */
export const addressGroupsQuery = (scope: TenantScope) =>
  scope.db.select({ groupId: supportAddresses.defaultGroupId }).from(supportAddresses).where(eq(supportAddresses.tenantId, scope.tenantId));

/** One of the workspace's addresses by id, or undefined. */
export const findSupportAddress = (scope: TenantScope, id: string): Promise<SupportAddress | undefined> =>
  scope.db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, scope.tenantId), eq(supportAddresses.id, id)) });

export function listSupportAddresses(scope: TenantScope) {
  return scope.db.query.supportAddresses.findMany({
    where: eq(supportAddresses.tenantId, scope.tenantId),
    orderBy: [asc(supportAddresses.createdAt), asc(supportAddresses.id)],
  });
}

export async function getSupportAddress(scope: TenantScope, id: string): Promise<SupportAddress> {
  const row = await findSupportAddress(scope, id);
  if (!row) throw notFound("Support address");
  return row;
}

type AckField = "autoAckSubject" | "autoAckBody" | "autoAckSubjectZh" | "autoAckBodyZh";

/** A new custom address; the acknowledgement templates default to DEFAULT_ACK (English) and DEFAULT_ACK_ZH (Chinese). */
export async function createSupportAddress(
  scope: TenantScope,
  input: Omit<SupportAddressInput, AckField> & Partial<Pick<SupportAddressInput, AckField>>,
  mailDomain: string,
  now = new Date(),
) {
  if (input.address.endsWith(`@${mailDomain.toLowerCase()}`))
    throw invalidField("address", "reserved_domain", `Addresses on ${mailDomain} are built in; add your own domain's address`);
  await checkSettings(scope, input);
  const own = await scope.db.query.supportAddresses.findFirst({ where: and(eq(supportAddresses.tenantId, scope.tenantId), eq(supportAddresses.address, input.address)), columns: { id: true } });
  if (own) throw addressTaken(input.address);
  // Another workspace's unverified claim is invisible here; only a verified owner refuses, without saying who.
  if (await verifiedElsewhere(scope.db, scope.tenantId, input.address)) throw addressUnavailable();
  const id = newId("sup", now.getTime());
  try {
    await scope.db.insert(supportAddresses).values({
      ...newAddressRow(scope.tenantId, input.address, input.displayName, now),
      ...input,
      autoAckSubject: input.autoAckSubject ?? DEFAULT_ACK.subject,
      autoAckBody: input.autoAckBody ?? DEFAULT_ACK.body,
      id,
    });
  } catch (error) {
    if (isUniqueViolation(error, "support_addresses.tenant_id, support_addresses.address")) throw addressTaken(input.address);
    throw error;
  }
  return getSupportAddress(scope, id);
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the address changed since. */
export async function updateSupportAddress(scope: TenantScope, id: string, patch: Partial<Omit<SupportAddressInput, "address">>, now = new Date(), version?: Date) {
  await getSupportAddress(scope, id);
  await checkSettings(scope, patch);
  await writeUnlessChanged(scope, { table: supportAddresses, id, what: "support address" }, version, [
    scope.db.update(supportAddresses).set({ ...patch, updatedAt: now }).where(and(eq(supportAddresses.tenantId, scope.tenantId), eq(supportAddresses.id, id))),
  ]);
  return getSupportAddress(scope, id);
}

export async function deleteSupportAddress(scope: TenantScope, id: string) {
  const row = await getSupportAddress(scope, id);
  if (row.builtIn) throw conflict("built_in_address", "The built-in address cannot be removed");
  await scope.db.delete(supportAddresses).where(and(eq(supportAddresses.tenantId, scope.tenantId), eq(supportAddresses.id, id)));
}

/**
 * Sends the forwarding check: a mail from the built-in address to the custom one, carrying the
 * address's secret code. When forwarding is set up, it comes back to the built-in address and
 * the email handler marks the address verified.
 */
export async function sendForwardingCheck(scope: TenantScope, mail: MailSettings, id: string, now = new Date()) {
  const target = await getSupportAddress(scope, id);
  if (target.builtIn) throw conflict("built_in_address", "The built-in address receives mail directly; there is nothing to check");
  if (await verifiedElsewhere(scope.db, scope.tenantId, target.address)) throw addressUnavailable();
  const tenant = await getTenant(scope);
  const builtIn = await ensureBuiltInAddress(scope.db, tenant, mail.mailDomain, now);
  const outboundId = newId("out", now.getTime());
  await runBatch(scope.db, [
    queueOutbound(scope.db, {
      id: outboundId,
      tenantId: scope.tenantId,
      purpose: "forwarding_check",
      fromAddress: builtIn.address,
      fromName: tenant.name,
      toAddress: target.address,
      subject: `Kefu forwarding check for ${target.address}`,
      bodyText: `This message checks that mail to ${target.address} is forwarded to ${builtIn.address}.
When it arrives there, Kefu marks the address as working. You can delete it.
`,
      emailMessageId: newMessageId(mail.mailDomain),
      headers: { "X-Kefu-Verification": target.verificationCode, "Auto-Submitted": "auto-generated" },
      createdAt: now,
    }),
  ]);
  return sendQueued(scope.db, mail.mailer, outboundId, now);
}

/**
 * The workspace and support address an envelope recipient belongs to: the verified claim on a
 * custom address (also with a `+tag`), or the built-in `<slug>@<mail domain>` (also
 * `<slug>+tag@…`). This is how inbound mail gets its tenant. An unverified claim receives
 * nothing: mail sent to the address itself says nothing about which workspace its owner chose
 * (see address-claims.ts).
 */
export async function routeRecipient(db: Db, recipient: string, mailDomain: string) {
  const address = withoutPlusTag(recipient);
  const [custom] = await db
    .select({ address: supportAddresses, tenant: tenants })
    .from(supportAddresses)
    .innerJoin(tenants, eq(tenants.id, supportAddresses.tenantId))
    .where(and(eq(supportAddresses.address, address), isNotNull(supportAddresses.verifiedAt)));
  if (custom) return custom;
  const [local, domain] = address.split("@");
  if (!local || domain !== mailDomain.toLowerCase()) return null;
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.slug, local) });
  return tenant ? { tenant, address: await ensureBuiltInAddress(db, tenant, mailDomain) } : null;
}

const addressTaken = (address: string) => conflict("address_taken", `${address} is already one of this workspace's support addresses`);

/** The same answer whoever holds the address: it names no workspace (documented in docs/email.md). */
const addressUnavailable = () => conflict("address_unavailable", "This address cannot be added. If it is yours, contact support.");

function newAddressRow(tenantId: string, address: string, displayName: string, now: Date) {
  return {
    id: newId("sup", now.getTime()),
    tenantId,
    address,
    displayName,
    autoAckSubject: DEFAULT_ACK.subject,
    autoAckBody: DEFAULT_ACK.body,
    verificationCode: randomSecret(12),
    createdAt: now,
    updatedAt: now,
  };
}

async function checkSettings(scope: TenantScope, input: Partial<SupportAddressInput>) {
  for (const field of ["autoAckSubject", "autoAckBody", "autoAckSubjectZh", "autoAckBodyZh"] as const) {
    const unknown = unknownPlaceholders(input[field] ?? "");
    if (unknown.length)
      throw new AppError(422, "unknown_placeholder", `Unknown placeholder ${unknown.map((p) => `{{${p}}}`).join(", ")}; known: ${PLACEHOLDERS.join(", ")}`, {
        errors: [{ field, code: "unknown_placeholder", message: `Unknown: ${unknown.join(", ")}` }],
      });
  }
  if (input.defaultGroupId) {
    const group = await scope.db.query.groups.findFirst({ where: and(eq(groups.tenantId, scope.tenantId), eq(groups.id, input.defaultGroupId)), columns: { id: true } });
    if (!group) throw invalidField("defaultGroupId", "group_not_found", "No group with this id");
  }
}

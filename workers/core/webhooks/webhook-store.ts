import { and, asc, count, desc, eq } from "drizzle-orm";
import { WEBHOOK_EVENTS, webhookDeliveries, webhooks, type WebhookEvent, type WebhookFormat } from "../../../schema";
import { conflict, invalidField, notFound } from "../errors";
import { fixedRead } from "../built-once";
import { newId, randomSecret } from "../ids";
import { writeUnlessChanged } from "../row-version";
import type { TenantScope } from "../tenancy/scope";
import { webhookTargetProblem, type WebhookTargetPolicy } from "./webhook-url";

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A workspace has a handful of receivers (a chat channel, an on-call tool); each alert fans out to all of them. */
export const MAX_WEBHOOKS_PER_WORKSPACE = 20;

export interface WebhookInput {
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEvent[];
  active: boolean;
}

/** 32 random bytes, base64url, prefixed so it is recognisable in a secrets scanner: `whsec_…`. */
export const newWebhookSecret = () => `whsec_${randomSecret(32)}`;

/** What is shown of a secret after it was first returned: enough to tell two apart. */
export const maskSecret = (secret: string) => `whsec_…${secret.slice(-4)}`;

/** Events in their canonical order, each once. */
const canonicalEvents = (events: readonly WebhookEvent[]) => WEBHOOK_EVENTS.filter((e) => events.includes(e));

const byId = (scope: TenantScope, id: string) => and(eq(webhooks.tenantId, scope.tenantId), eq(webhooks.id, id));

export function listWebhooks(scope: TenantScope) {
  return scope.db.query.webhooks.findMany({ where: eq(webhooks.tenantId, scope.tenantId), orderBy: [asc(webhooks.createdAt), asc(webhooks.id)] });
}

export async function getWebhook(scope: TenantScope, id: string): Promise<WebhookRow> {
  const webhook = await scope.db.query.webhooks.findFirst({ where: byId(scope, id) });
  if (!webhook) throw notFound("Webhook");
  return webhook;
}

/** The read of the workspace's active webhooks, for a caller's batch; `subscribedTo` picks an event's. */
export const activeWebhooks = (scope: TenantScope) => activeWebhooksRead(scope.db, { tenantId: scope.tenantId });
const activeWebhooksRead = fixedRead(["tenantId"], (db, v) => db.select().from(webhooks).where(and(eq(webhooks.tenantId, v.tenantId), eq(webhooks.active, true))).orderBy(asc(webhooks.id)));

/** The webhooks (of `activeWebhooks`) that subscribe to `event`. */
export const subscribedTo = (rows: readonly WebhookRow[], event: WebhookEvent) => rows.filter((w) => w.events.includes(event));

/** Refuses (422 `webhook_url_refused` on `url`) a URL Kefu would not post to: see `webhookTargetProblem`. */
function checkTarget(url: string | undefined, policy: WebhookTargetPolicy) {
  const problem = url === undefined ? null : webhookTargetProblem(url, policy);
  if (problem) throw invalidField("url", "webhook_url_refused", problem);
}

/** Creates a webhook with a new secret; the caller shows the secret once. */
export async function createWebhook(scope: TenantScope, input: WebhookInput, policy: WebhookTargetPolicy, now = new Date()): Promise<WebhookRow> {
  checkTarget(input.url, policy);
  const [existing] = await scope.db.select({ n: count() }).from(webhooks).where(eq(webhooks.tenantId, scope.tenantId));
  if ((existing?.n ?? 0) >= MAX_WEBHOOKS_PER_WORKSPACE) throw conflict("too_many_webhooks", `A workspace has at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhooks; delete one first`);
  const [row] = await scope.db
    .insert(webhooks)
    .values({ id: newId("whk", now.getTime()), tenantId: scope.tenantId, ...input, events: canonicalEvents(input.events), secret: newWebhookSecret(), createdAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** `version` (the client's If-Match): refused with 409 `changed_since_read` if the webhook changed since. */
export async function updateWebhook(scope: TenantScope, id: string, patch: Partial<WebhookInput>, policy: WebhookTargetPolicy, now = new Date(), version?: Date): Promise<WebhookRow> {
  checkTarget(patch.url, policy);
  const set = { ...patch, ...(patch.events ? { events: canonicalEvents(patch.events) } : {}), updatedAt: now };
  const [[row]] = await writeUnlessChanged(scope, { table: webhooks, id, what: "webhook" }, version, [scope.db.update(webhooks).set(set).where(byId(scope, id)).returning()]);
  if (!row) throw notFound("Webhook");
  return row;
}

/** Replaces the secret at once: deliveries (retries included) are signed with the new one from now on. */
export async function rotateWebhookSecret(scope: TenantScope, id: string, now = new Date()): Promise<WebhookRow> {
  const [row] = await scope.db.update(webhooks).set({ secret: newWebhookSecret(), updatedAt: now }).where(byId(scope, id)).returning();
  if (!row) throw notFound("Webhook");
  return row;
}

/** Deletes the webhook and its delivery log (cascade); a delivery in flight records nothing. */
export async function deleteWebhook(scope: TenantScope, id: string): Promise<void> {
  const [row] = await scope.db.delete(webhooks).where(byId(scope, id)).returning({ id: webhooks.id });
  if (!row) throw notFound("Webhook");
}

/** The webhook's most recent deliveries, newest first. */
export async function listWebhookDeliveries(scope: TenantScope, webhookId: string, limit: number): Promise<WebhookDeliveryRow[]> {
  await getWebhook(scope, webhookId);
  return scope.db.query.webhookDeliveries.findMany({
    where: and(eq(webhookDeliveries.tenantId, scope.tenantId), eq(webhookDeliveries.webhookId, webhookId)),
    orderBy: [desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)],
    limit,
  });
}

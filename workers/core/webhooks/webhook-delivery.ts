import { and, eq, inArray, isNotNull, lt, lte } from "drizzle-orm";
import { webhookDeliveries, webhooks, type WebhookEvent } from "../../../schema";
import type { Db } from "../db";
import { notFound } from "../errors";
import { newId } from "../ids";
import { retryDelayMs } from "../mail/outbox";
import { isolated } from "../work/failure-boundary";
import type { TenantScope } from "../tenancy/scope";
import { getTenant } from "../tenancy/tenant";
import { webhookBody, type WebhookAlert } from "./webhook-payload";
import { signWebhook } from "./webhook-signature";
import { getWebhook, type WebhookDeliveryRow, type WebhookRow } from "./webhook-store";
import { webhookTargetProblem, type WebhookTargetPolicy } from "./webhook-url";

/** How Kefu makes HTTP requests; production passes `fetch`, tests a recorder. */
export type WebhookFetcher = (url: string, init: RequestInit) => Promise<Response>;

/**
 * What the core needs to send webhooks: the HTTP sender, the web app's URL for ticket links, and
 * whether this machine may receive them (`allowLocal`; off unless WEBHOOKS_ALLOW_LOCAL=on).
 */
export interface WebhookSettings extends WebhookTargetPolicy {
  fetcher: WebhookFetcher;
  appUrl: string;
}

/** What of a webhook a delivery needs: where it goes and the secret it is signed with. */
export type WebhookTarget = Pick<WebhookRow, "url" | "secret">;

/** How one delivery goes out: the HTTP sender and the target policy. */
export type WebhookTransport = Pick<WebhookSettings, "fetcher" | "allowLocal">;

/** The platform's `fetch`, looked up at call time. */
export const platformFetcher: WebhookFetcher = (url, init) => fetch(url, init);

/** The settings a Worker entry point sends webhooks with, from its environment. */
export const platformWebhooks = (env: { APP_URL: string; WEBHOOKS_ALLOW_LOCAL?: string }): WebhookSettings => ({
  fetcher: platformFetcher,
  appUrl: env.APP_URL,
  allowLocal: env.WEBHOOKS_ALLOW_LOCAL === "on",
});

/** Attempts before a delivery is given up (status stays `failed`, no next attempt); the waits are the mail queue's (1, 4, 16, 64, 256 min). */
export const MAX_WEBHOOK_ATTEMPTS = 6;
/** A receiver that has not answered in this time has failed this attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A queued delivery is sent at once by the run that queued it; the cron picks it up only after this grace. */
const FIRST_ATTEMPT_GRACE_MS = 2 * 60_000;
/** While one run sends a delivery, other runs leave it alone for this long (well above the timeout). */
const SEND_LEASE_MS = 5 * 60_000;
/** How much of a failing receiver's answer is kept in `last_error`. */
const ERROR_SNIPPET_BYTES = 300;

/**
 * The inserts that record one delivery per webhook for an alert; callers put them in the batch
 * that raises the alert, with ids derived from the alert and the webhook, so a second run raising
 * the same alert inserts nothing. Each returns the delivery if this run inserted it: that run
 * holds it (leased, as a claim would) and sends it right after its batch; the cron takes it over
 * only if that run never recorded an outcome.
 */
export function queueAlertDeliveries(db: Db, hooks: readonly WebhookRow[], alert: Omit<WebhookAlert, "deliveryId">, deliveryId: (webhookId: string) => string, now: Date) {
  return hooks.map((hook) => {
    const id = deliveryId(hook.id);
    return db
      .insert(webhookDeliveries)
      .values({ id, tenantId: hook.tenantId, webhookId: hook.id, event: alert.event, body: webhookBody(hook.format, { ...alert, deliveryId: id }), status: "queued", attempts: 0, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS), createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
  });
}

/** The insert that records a delivery as queued. */
export function queueWebhookDelivery(db: Db, row: { id: string; tenantId: string; webhookId: string; event: WebhookEvent; body: string; createdAt: Date }) {
  return db.insert(webhookDeliveries).values({ ...row, status: "queued", attempts: 0, nextAttemptAt: new Date(row.createdAt.getTime() + FIRST_ATTEMPT_GRACE_MS), updatedAt: row.createdAt });
}

/** The request as it is sent: the recorded body, signed now with the webhook's current secret. */
export async function webhookRequest(webhook: Pick<WebhookRow, "secret">, delivery: Pick<WebhookDeliveryRow, "id" | "event" | "body">, now: Date) {
  return {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Kefu-Webhooks",
      "Kefu-Event": delivery.event,
      "Kefu-Delivery": delivery.id,
      "Kefu-Signature": await signWebhook(webhook.secret, delivery.body, now),
    },
    body: delivery.body,
  };
}

/**
 * Makes one attempt and records its outcome. A 2xx answer is `sent`; anything else (another
 * status, a redirect — never followed —, a network error, no answer within 10 s) is `failed`
 * with the status and error, and a next attempt after the backoff until the last attempt.
 * A URL the target policy refuses (saved before the rule, or under another policy) is `failed`
 * at once, with the reason and no further attempt, and no request is made.
 * Never throws for the receiver's sake. Null if the delivery was deleted meanwhile.
 */
export async function deliverWebhook(db: Db, transport: WebhookTransport, delivery: WebhookDeliveryRow, webhook: WebhookTarget, now = new Date()): Promise<WebhookDeliveryRow | null> {
  return record(db, delivery.id, await webhookAttempt(transport, delivery, webhook, now));
}

/** Makes one attempt (see `deliverWebhook`) without recording it: the outcome to record. Never throws. */
export async function webhookAttempt(transport: WebhookTransport, delivery: WebhookDeliveryRow, webhook: WebhookTarget, now: Date): Promise<Partial<WebhookDeliveryRow>> {
  const attempts = delivery.attempts + 1;
  const refused = webhookTargetProblem(webhook.url, transport);
  if (refused) return { status: "failed", attempts, responseStatus: null, lastError: `Not sent: ${refused}`.slice(0, 1000), nextAttemptAt: null, updatedAt: now };
  let responseStatus: number | null = null;
  let lastError: string;
  try {
    const response = await transport.fetcher(webhook.url, { ...(await webhookRequest(webhook, delivery, now)), redirect: "manual", signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    responseStatus = response.status;
    if (response.status >= 200 && response.status < 300) {
      await response.body?.cancel();
      return { status: "sent", attempts, responseStatus, lastError: null, nextAttemptAt: null, sentAt: now, updatedAt: now };
    }
    const snippet = await readSnippet(response);
    lastError = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${snippet ? `: ${snippet}` : ""}`;
  } catch (error) {
    lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const nextAttemptAt = attempts < MAX_WEBHOOK_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)) : null;
  return { status: "failed", attempts, responseStatus, lastError: lastError.slice(0, 1000), nextAttemptAt, updatedAt: now };
}

/** The statement that records an attempt's outcome (for a caller's batch). */
export function recordWebhookAttempt(db: Db, id: string, outcome: Partial<WebhookDeliveryRow>) {
  return db.update(webhookDeliveries).set(outcome).where(eq(webhookDeliveries.id, id)).returning();
}

/** Sends a delivery that was just recorded, claiming it first like the cron does. */
export async function sendQueuedWebhook(db: Db, transport: WebhookTransport, id: string, now = new Date()): Promise<WebhookDeliveryRow | null> {
  const [due] = await dueDeliveries(db, eq(webhookDeliveries.id, id), now, 1, true);
  if (!due) return null;
  const claimed = await claim(db, due.delivery, now);
  return claimed ? deliverWebhook(db, transport, claimed, due.webhook, now) : null;
}

/**
 * Cron: sends what is due (queued and never tried, or failed with a next attempt due), oldest
 * first, at most `batchSize` per run, across tenants (it is the delivery queue, not a tenant
 * view). Each delivery is claimed before it is sent, so overlapping runs cannot send it twice.
 * A delivery whose webhook was deactivated is given up.
 */
export async function deliverDueWebhooks(db: Db, transport: WebhookTransport, now = new Date(), batchSize = 50): Promise<WebhookDeliveryRow[]> {
  return deliverFoundWebhooks(db, transport, await dueWebhookDeliveries(db, now, batchSize), now);
}

/** The cron's scan of the delivery queue: what is due, with its webhook (see `deliverDueWebhooks`). */
export const dueWebhookDeliveries = (db: Db, now: Date, batchSize = 50) => dueDeliveries(db, undefined, now, batchSize, false);

/** Sends what the scan found, each delivery claimed first and behind its own failure boundary. */
export async function deliverFoundWebhooks(db: Db, transport: WebhookTransport, due: Awaited<ReturnType<typeof dueWebhookDeliveries>>, now: Date): Promise<WebhookDeliveryRow[]> {
  const results: WebhookDeliveryRow[] = [];
  for (const { delivery, webhook } of due) {
    const claimed = await claim(db, delivery, now);
    if (!claimed) continue;
    // Its own failure boundary: a delivery that throws is shown to its workspace's admins and
    // waits out its lease; the others still go.
    const ref = { tenantId: claimed.tenantId, kind: "webhook_delivery", itemId: claimed.id } as const;
    const outcome = await isolated(db, ref, now, async () =>
      webhook.active
        ? await deliverWebhook(db, transport, claimed, webhook, now)
        : await record(db, claimed.id, { status: "failed", lastError: "The webhook was deactivated; not sent", nextAttemptAt: null, updatedAt: now }),
    );
    if (outcome) results.push(outcome);
  }
  return results;
}

/**
 * Sends an admin's test delivery now: the webhook's first event about a made-up ticket #0,
 * marked `"test": true` (Slack: "[test]"), recorded in the delivery log like any other, but
 * not retried — the admin sees the outcome at once.
 */
export async function sendTestDelivery(scope: TenantScope, settings: WebhookSettings, webhookId: string, now = new Date()): Promise<WebhookDeliveryRow> {
  const webhook = await getWebhook(scope, webhookId);
  const tenant = await getTenant(scope);
  const id = newId("whd", now.getTime());
  const event = webhook.events[0] ?? "sla.warning";
  const alert: WebhookAlert = {
    deliveryId: id,
    event,
    occurredAt: now,
    test: true,
    workspace: { id: tenant.id, slug: tenant.slug },
    ticket: { id: "tkt_test", number: 0, subject: "Test delivery from Kefu", status: "open", priority: "normal", assigneeId: null, groupId: null },
    sla: { metric: "first_reply", instance: 1, dueAt: new Date(now.getTime() + 30 * 60_000) },
    appUrl: settings.appUrl,
  };
  await queueWebhookDelivery(scope.db, { id, tenantId: scope.tenantId, webhookId, event, body: webhookBody(webhook.format, alert), createdAt: now });
  const sent = await sendQueuedWebhook(scope.db, settings, id, now);
  const outcome = sent?.status === "failed" ? await record(scope.db, id, { nextAttemptAt: null }) : sent;
  if (!outcome) throw notFound("Webhook"); // deleted while the test was sent
  return outcome;
}

function dueDeliveries(db: Db, only: ReturnType<typeof eq> | undefined, now: Date, limit: number, queuedOnly: boolean) {
  return db
    // Not the webhook's id, tenant or times: batched results are keyed by column name (cron-step.ts).
    .select({ delivery: webhookDeliveries, webhook: { url: webhooks.url, secret: webhooks.secret, active: webhooks.active } })
    .from(webhookDeliveries)
    .innerJoin(webhooks, and(eq(webhooks.tenantId, webhookDeliveries.tenantId), eq(webhooks.id, webhookDeliveries.webhookId)))
    .where(
      and(
        only,
        queuedOnly ? eq(webhookDeliveries.status, "queued") : inArray(webhookDeliveries.status, ["queued", "failed"]),
        isNotNull(webhookDeliveries.nextAttemptAt),
        queuedOnly ? undefined : lte(webhookDeliveries.nextAttemptAt, now),
        lt(webhookDeliveries.attempts, MAX_WEBHOOK_ATTEMPTS),
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit);
}

/** Moves the next attempt past the lease, only if no other run did since we read it. */
async function claim(db: Db, delivery: WebhookDeliveryRow, now: Date): Promise<WebhookDeliveryRow | null> {
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS) })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, delivery.status), eq(webhookDeliveries.nextAttemptAt, delivery.nextAttemptAt!)))
    .returning();
  return claimed ?? null;
}

async function record(db: Db, id: string, outcome: Partial<WebhookDeliveryRow>): Promise<WebhookDeliveryRow | null> {
  const [row] = await recordWebhookAttempt(db, id, outcome);
  return row ?? null;
}

/** The start of a failing receiver's answer, for the delivery log; never the whole of a large body. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // a body that breaks off: keep what arrived
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.length) - chunk.length);
  return new TextDecoder().decode(bytes.slice(0, ERROR_SNIPPET_BYTES)).replace(/\s+/g, " ").trim();
}

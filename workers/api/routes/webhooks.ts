import { createRoute, z } from "@hono/zod-openapi";
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_FORMATS } from "../../../schema";
import { platformWebhooks, sendTestDelivery } from "../../core/webhooks/webhook-delivery";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  maskSecret,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookDeliveryRow,
  type WebhookRow,
} from "../../core/webhooks/webhook-store";
import { MAX_WEBHOOK_URL_LENGTH, webhookUrlProblem } from "../../core/webhooks/webhook-url";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { iso, isoOrNull, Limit, Name, NullableTimestamp, patchOf, Timestamp } from "../schemas/common";

const admin = [requireLevel("admin")];
const WebhookId = IdParam("Webhook", "whk_01jq3v9f2k8x7d0m4n5p6r7s8t");

const Url = z
  .string()
  .trim()
  .max(MAX_WEBHOOK_URL_LENGTH)
  .superRefine((url, ctx) => {
    const problem = webhookUrlProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({
    description:
      "A public https URL; no credentials in it. Refused (422 `webhook_url_refused`): this machine, private, shared (CGNAT), link-local (cloud metadata), unique-local, multicast and reserved addresses, in any spelling the URL parser accepts, and names that resolve only inside a network (single-label, .internal, .local, .localhost …). Only where the Worker runs with WEBHOOKS_ALLOW_LOCAL=on (local development) may it be localhost or 127.0.0.0/8, over http too.",
    example: "https://hooks.slack.com/services/T000/B000/XXXX",
  });
const Format = z.enum(WEBHOOK_FORMATS).openapi({ description: "`json`: Kefu's payload; `slack`: a Slack incoming-webhook message" });
const Events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .openapi({ description: "The events to receive: SLA alerts and ticket events (docs/rules.md); a new webhook gets the SLA alerts unless it names others", example: ["sla.warning", "sla.breach", "ticket.created"] });
const SLA_ALERTS = WEBHOOK_EVENTS.filter((e) => e.startsWith("sla."));

const WebhookFields = { name: Name.openapi({ example: "#support-alerts" }), url: Url, format: Format, events: Events, active: z.boolean() };
const NewWebhook = z
  .object({ ...WebhookFields, format: Format.default("json"), events: Events.default(SLA_ALERTS), active: WebhookFields.active.default(true) })
  .strict()
  .openapi("NewWebhook");

const WebhookSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    format: z.enum(WEBHOOK_FORMATS),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    active: z.boolean(),
    secretHint: z.string().openapi({ description: "The end of the signing secret, to tell secrets apart; the secret itself is shown only on create and rotate", example: "whsec_…x9Qa" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi("Webhook");
const toWebhook = (w: WebhookRow): z.infer<typeof WebhookSchema> => ({
  id: w.id,
  name: w.name,
  url: w.url,
  format: w.format,
  events: w.events,
  active: w.active,
  secretHint: maskSecret(w.secret),
  createdAt: iso(w.createdAt),
  updatedAt: iso(w.updatedAt),
});
const WebhookWithSecret = z
  .object({
    webhook: WebhookSchema,
    secret: z.string().openapi({ description: "The signing secret (`whsec_…`). Shown this once: store it with the receiver", example: "whsec_3q2-7wXb…" }),
  })
  .openapi("WebhookWithSecret");

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Also sent as the `Kefu-Delivery` header and the payload's `id`" }),
    webhookId: z.string(),
    event: z.enum(WEBHOOK_EVENTS),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    responseStatus: z.number().int().nullable().openapi({ description: "The receiver's HTTP status on the last attempt" }),
    lastError: z.string().nullable(),
    nextAttemptAt: NullableTimestamp.openapi({ description: "When it will be retried; null when sent or given up" }),
    sentAt: NullableTimestamp,
    createdAt: Timestamp,
    body: z.string().openapi({ description: "The exact body that is signed and posted" }),
  })
  .openapi("WebhookDelivery");
const toDelivery = (d: WebhookDeliveryRow): z.infer<typeof DeliverySchema> => ({
  id: d.id,
  webhookId: d.webhookId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  lastError: d.lastError,
  nextAttemptAt: isoOrNull(d.nextAttemptAt),
  sentAt: isoOrNull(d.sentAt),
  createdAt: iso(d.createdAt),
  body: d.body,
});

/** Where SLA alerts are posted, signed. Admins only: the URLs and the delivery log are workspace configuration. */
export const webhooks = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks",
      tags: ["Webhooks"],
      summary: "Webhooks",
      security: authed,
      middleware: admin,
      responses: { 200: json(z.object({ items: z.array(WebhookSchema) }), "Webhooks"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json({ items: (await listWebhooks(c.get("scope"))).map(toWebhook) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks",
      tags: ["Webhooks"],
      summary: "Create a webhook (its signing secret is returned this once)",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(NewWebhook) },
      responses: { 201: json(WebhookWithSecret, "The webhook and its secret"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const webhook = await createWebhook(c.get("scope"), c.req.valid("json"), platformWebhooks(c.env));
      return c.json({ webhook: toWebhook(webhook), secret: webhook.secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks/{id}",
      tags: ["Webhooks"],
      summary: "One webhook",
      security: authed,
      middleware: admin,
      request: { params: WebhookId },
      responses: { 200: json(WebhookSchema, "The webhook"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toWebhook(withETag(c, await getWebhook(c.get("scope"), c.req.valid("param").id))), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/webhooks/{id}",
      tags: ["Webhooks"],
      summary: "Change a webhook's name, URL, format, events or active flag",
      description: ifMatchNote("webhook"),
      security: authed,
      middleware: admin,
      request: { params: WebhookId, headers: IfMatch, body: jsonBody(patchOf(WebhookFields).openapi("WebhookPatch")) },
      responses: { 200: json(WebhookSchema, "The webhook"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      return c.json(toWebhook(await versionedWrite(c, (version) => updateWebhook(scope, id, c.req.valid("json"), platformWebhooks(c.env), new Date(), version), async () => toWebhook(await getWebhook(scope, id)))), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/webhooks/{id}",
      tags: ["Webhooks"],
      summary: "Delete a webhook and its delivery log",
      security: authed,
      middleware: admin,
      request: { params: WebhookId },
      responses: { 204: { description: "Deleted" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      await deleteWebhook(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks/{id}/rotate-secret",
      tags: ["Webhooks"],
      summary: "Replace the signing secret (the new one is returned this once)",
      description: "Takes effect at once: every later attempt, retries included, is signed with the new secret.",
      security: authed,
      middleware: admin,
      request: { params: WebhookId },
      responses: { 200: json(WebhookWithSecret, "The webhook and its new secret"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const webhook = await rotateWebhookSecret(c.get("scope"), c.req.valid("param").id);
      return c.json({ webhook: toWebhook(webhook), secret: webhook.secret }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks/{id}/deliveries",
      tags: ["Webhooks"],
      summary: "The webhook's recent deliveries, newest first",
      security: authed,
      middleware: admin,
      request: { params: WebhookId, query: z.object({ limit: Limit }) },
      responses: { 200: json(z.object({ items: z.array(DeliverySchema) }), "Deliveries"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
    }),
    async (c) => c.json({ items: (await listWebhookDeliveries(c.get("scope"), c.req.valid("param").id, c.req.valid("query").limit)).map(toDelivery) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks/{id}/test",
      tags: ["Webhooks"],
      summary: "Send a test delivery now",
      description:
        'Posts the webhook\'s first event about a made-up ticket #0, with `"test": true` in the JSON payload ("[test]" in Slack), signed like any delivery. Recorded in the delivery log; not retried.',
      security: authed,
      middleware: admin,
      request: { params: WebhookId },
      responses: { 200: json(DeliverySchema, "The delivery and its outcome"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toDelivery(await sendTestDelivery(c.get("scope"), platformWebhooks(c.env), c.req.valid("param").id)), 200),
  );

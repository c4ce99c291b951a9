import { createRoute, z } from "@hono/zod-openapi";
import { INBOUND_STATUSES, TICKET_PRIORITIES, USER_LANGUAGES } from "../../../schema";
import { AppError } from "../../core/errors";
import { builtInAddress } from "../../core/mail/addresses";
import { getInbound, listDeliveries, listInbound } from "../../core/mail/inbound-store";
import { reprocessInbound } from "../../core/mail/ingest";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import { getSpamSettings, putSpamSettings } from "../../core/mail/spam-settings";
import { sendTestEmail } from "../../core/mail/test-email";
import {
  createSupportAddress,
  deleteSupportAddress,
  getSupportAddress,
  listSupportAddresses,
  sendForwardingCheck,
  updateSupportAddress,
} from "../../core/mail/support-addresses";
import { getTenant } from "../../core/tenancy/tenant";
import { requireLevel } from "../auth-middleware";
import type { AppEnv } from "../context";
import { authed, createRouter, errors, IdParam, json, jsonBody } from "../router";
import { IfMatch, ifMatchNote, versionedWrite, withETag } from "../schemas/versioning";
import { Email, iso, multiLineText, Name, patchOf, singleLineText } from "../schemas/common";
import { DeliverySchema, InboundSchema, SupportAddressSchema, toInbound, toSupportAddress } from "../schemas/email";
import type { Context } from "hono";
import { liveHub, waitUntilOf } from "../../live/live-publisher";

const admin = [requireLevel("admin")];
const AddressId = IdParam("Support address", "sup_01jq3v9f2k8x7d0m4n5p6r7s8t");
const InboundId = IdParam("Inbound message", "inb_01jq3v9f2k8x7d0m4n5p6r7s8t");
const AckSubject = singleLineText(1, 300);
const AckBody = multiLineText(1, 20_000);

const settings = {
  displayName: Name,
  defaultGroupId: z.string().max(64).nullable(),
  defaultPriority: z.enum(TICKET_PRIORITIES),
  plusAddressing: z.boolean(),
  autoAckEnabled: z.boolean(),
  autoAckSubject: AckSubject,
  autoAckBody: AckBody,
  autoAckSubjectZh: AckSubject,
  autoAckBodyZh: AckBody,
};

const mailOf = (c: Context<AppEnv>) => ({ mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN });
const deps = (c: Context<AppEnv>) => ({ db: c.get("scope").db, blobs: c.env.BLOBS, mail: mailOf(c), live: liveHub(c.env.LIVE, waitUntilOf(c)), later: waitUntilOf(c) });
async function forwardTo(c: Context<AppEnv>) {
  return builtInAddress((await getTenant(c.get("scope"))).slug, c.env.MAIL_DOMAIN);
}

const SpamSettingsSchema = z
  .object({
    scoreThreshold: z.number().min(0).max(1000).nullable().openapi({ description: "Mail scoring at or above this goes to the spam view; null turns the score check off" }),
    scoreHeader: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9-]+$/).openapi({ example: "X-CF-Spamh-Score" }),
    blockList: z
      .array(z.union([Email, z.string().trim().toLowerCase().regex(/^@[a-z0-9.-]+\.[a-z]{2,}$/, "An address or @domain")]))
      .max(1000)
      .openapi({ description: "Addresses and @domains whose mail always goes to the spam view" }),
  })
  .strict()
  .openapi("SpamSettings");

export const emailChannel = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/support-addresses",
      tags: ["Email"],
      summary: "Support addresses, with forwarding instructions and whether mail has arrived",
      security: authed,
      responses: { 200: json(z.object({ items: z.array(SupportAddressSchema) }), "Support addresses"), 401: errors[401] },
    }),
    async (c) => {
      const target = await forwardTo(c);
      return c.json({ items: (await listSupportAddresses(c.get("scope"))).map((a) => toSupportAddress(a, target)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/support-addresses",
      tags: ["Email"],
      summary: "Add a support address (then forward its mail to `forwardTo`)",
      description:
        "The address receives mail only once verified (the forwarding check comes back, or the first mail forwarded to `forwardTo` names it). Several workspaces may hold unverified claims on one address; the first verified wins. 409 `address_taken`: this workspace already has it; 409 `address_unavailable`: the address is verified elsewhere (the answer names no workspace).",
      security: authed,
      middleware: admin,
      request: {
        body: jsonBody(
          z
            .object({ address: Email, ...settings, defaultGroupId: settings.defaultGroupId.default(null), defaultPriority: settings.defaultPriority.default("normal"), plusAddressing: z.boolean().default(true), autoAckEnabled: z.boolean().default(true), autoAckSubject: AckSubject.optional(), autoAckBody: AckBody.optional(), autoAckSubjectZh: AckSubject.optional(), autoAckBodyZh: AckBody.optional() })
            .strict(),
        ),
      },
      responses: { 201: json(SupportAddressSchema, "The support address"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const created = await createSupportAddress(c.get("scope"), c.req.valid("json"), c.env.MAIL_DOMAIN);
      return c.json(toSupportAddress(created, await forwardTo(c)), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/support-addresses/{id}",
      tags: ["Email"],
      summary: "One support address",
      security: authed,
      request: { params: AddressId },
      responses: { 200: json(SupportAddressSchema, "The support address"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => c.json(toSupportAddress(withETag(c, await getSupportAddress(c.get("scope"), c.req.valid("param").id)), await forwardTo(c)), 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/support-addresses/{id}",
      tags: ["Email"],
      summary: "Change a support address's name, routing defaults or acknowledgement",
      description: ifMatchNote("support address"),
      security: authed,
      middleware: admin,
      request: { params: AddressId, headers: IfMatch, body: jsonBody(patchOf(settings)) },
      responses: { 200: json(SupportAddressSchema, "The support address"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { id } = c.req.valid("param");
      const address = await versionedWrite(c, (version) => updateSupportAddress(scope, id, c.req.valid("json"), new Date(), version), async () => toSupportAddress(await getSupportAddress(scope, id), await forwardTo(c)));
      return c.json(toSupportAddress(address, await forwardTo(c)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/support-addresses/{id}",
      tags: ["Email"],
      summary: "Remove a custom support address (mail to it is then rejected)",
      security: authed,
      middleware: admin,
      request: { params: AddressId },
      responses: { 204: { description: "Removed" }, 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => {
      await deleteSupportAddress(c.get("scope"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/support-addresses/{id}/forwarding-check",
      tags: ["Email"],
      summary: "Send a check mail to the address; when forwarding works it comes back and the address shows as receiving",
      description: "409 `address_unavailable` when another workspace has verified the address (nothing is sent).",
      security: authed,
      middleware: admin,
      request: { params: AddressId },
      responses: { 202: json(z.object({ status: z.string() }), "The check mail was sent (or queued for retry)"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] },
    }),
    async (c) => {
      const sent = await sendForwardingCheck(c.get("scope"), mailOf(c), c.req.valid("param").id);
      return c.json({ status: sent?.status ?? "queued" }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/test-emails",
      tags: ["Email"],
      summary: "Send yourself a test email: a customer mail from your own address to the built-in support address, through the real inbound path",
      description:
        "The message is built as a mail client would send it and handed to the same code the email handler runs (stored, recorded, threaded, a ticket created, " +
        "the acknowledgement sent to you). Any signed-in user with write access; 5 per workspace per hour (429 `rate_limited` beyond).",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { body: jsonBody(z.object({ language: z.enum(USER_LANGUAGES).default("en").openapi({ description: "Language of the test message" }) }).strict()) },
      responses: {
        201: json(
          z
            .object({
              outcome: z.string().openapi({ description: "What the inbound path did with it, normally `ticket_created`", example: "ticket_created" }),
              ticketId: z.string().nullable().openapi({ description: "The ticket the message created (or joined)" }),
              address: z.string().openapi({ description: "The built-in support address it was sent to", example: "acme-tea@kefu.example" }),
            })
            .openapi("TestEmailResult"),
          "The test email went through the inbound path",
        ),
        401: errors[401],
        403: errors[403],
        422: errors[422],
        429: errors[429],
      },
    }),
    async (c) => {
      const result = await sendTestEmail(deps(c), c.get("scope"), c.get("principal").userId, c.req.valid("json").language);
      return c.json({ outcome: result.outcome, ticketId: result.ticketId ?? null, address: result.address }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbound-messages",
      tags: ["Email"],
      summary: "Stored inbound mail by status: the spam view, the quarantine, automatic mail",
      security: authed,
      middleware: admin,
      request: { query: z.object({ status: z.enum(INBOUND_STATUSES).default("quarantined"), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(InboundSchema) }), "Inbound messages, newest first"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => {
      const { status, limit } = c.req.valid("query");
      return c.json({ items: (await listInbound(c.get("scope"), status, limit)).map(toInbound) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbound-messages/{id}",
      tags: ["Email"],
      summary: "One stored inbound message",
      security: authed,
      middleware: admin,
      request: { params: InboundId },
      responses: { 200: json(InboundSchema, "The inbound message"), 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => c.json(toInbound(await getInbound(c.get("scope"), c.req.valid("param").id)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/inbound-messages/{id}/raw",
      tags: ["Email"],
      summary: "The message exactly as received (message/rfc822)",
      security: authed,
      middleware: admin,
      request: { params: InboundId },
      responses: { 200: { content: { "message/rfc822": { schema: z.string() } }, description: "The raw message" }, 401: errors[401], 403: errors[403], 404: errors[404] },
    }),
    async (c) => {
      const inbound = await getInbound(c.get("scope"), c.req.valid("param").id);
      const object = await c.env.BLOBS.get(inbound.rawKey);
      if (!object) throw new AppError(503, "raw_message_missing", "The stored raw message could not be read; try again later");
      return c.body(object.body, 200, {
        "Content-Type": "message/rfc822",
        "Content-Disposition": `attachment; filename="${inbound.id}.eml"`,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
      }) as never;
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/inbound-messages/{id}/reprocess",
      tags: ["Email"],
      summary: "Process a quarantined message again, or release one from the spam view",
      security: authed,
      middleware: admin,
      request: { params: InboundId },
      responses: {
        200: json(z.object({ outcome: z.string(), ticketId: z.string().nullable(), detail: z.string().nullable() }), "What became of it"),
        401: errors[401],
        403: errors[403],
        404: errors[404],
        409: errors[409],
      },
    }),
    async (c) => {
      const result = await reprocessInbound(deps(c), c.get("scope"), c.req.valid("param").id);
      return c.json({ outcome: result.outcome, ticketId: result.ticketId ?? null, detail: result.detail ?? null }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/mail-deliveries",
      tags: ["Email"],
      summary: "The delivery log: one row per inbound delivery with its outcome",
      security: authed,
      middleware: admin,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      responses: { 200: json(z.object({ items: z.array(DeliverySchema) }), "Deliveries, newest first"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => {
      const rows = await listDeliveries(c.get("scope"), c.req.valid("query").limit);
      return c.json({ items: rows.map(({ tenantId: _t, createdAt, ...d }) => ({ ...d, createdAt: iso(createdAt) })) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/spam-settings",
      tags: ["Email"],
      summary: "The spam rules: score threshold and block list",
      security: authed,
      middleware: admin,
      responses: { 200: json(SpamSettingsSchema, "Spam settings"), 401: errors[401], 403: errors[403] },
    }),
    async (c) => c.json(await getSpamSettings(c.get("scope")), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/spam-settings",
      tags: ["Email"],
      summary: "Replace the spam rules",
      security: authed,
      middleware: admin,
      request: { body: jsonBody(SpamSettingsSchema) },
      responses: { 200: json(SpamSettingsSchema, "Spam settings"), 401: errors[401], 403: errors[403], 422: errors[422] },
    }),
    async (c) => c.json(await putSpamSettings(c.get("scope"), c.req.valid("json")), 200),
  );

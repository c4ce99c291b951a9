import { createRoute, z } from "@hono/zod-openapi";
import { OUTBOUND_STATUSES } from "../../../schema";
import { notFound } from "../../core/errors";
import { listOutbound, type OutboundRecord } from "../../core/mail/outbox";
import { mimeStructure } from "../../core/mail/mailer";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, json } from "../router";
import { iso, isoOrNull, NullableTimestamp, Timestamp } from "../schemas/common";

const OutboundSchema = z
  .object({
    id: z.string(),
    ticketId: z.string().nullable(),
    purpose: z.string().openapi({ example: "reply" }),
    from: z.string().openapi({ example: "Mei (Acme Tea Co.) <acme-tea@kefu.localhost>" }),
    to: z.string(),
    cc: z.array(z.string()),
    bcc: z.array(z.string()).openapi({ description: "Blind copies: sent as envelope recipients, never in a header" }),
    replyTo: z.string().nullable(),
    subject: z.string(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable().openapi({ description: "The HTML alternative (sanitised), when the agent formatted the reply" }),
    mime: z.string().openapi({ description: "The MIME structure sent", example: "multipart/alternative (text/plain, text/html)" }),
    messageId: z.string(),
    inReplyTo: z.string().nullable(),
    references: z.array(z.string()),
    headers: z.record(z.string(), z.string()),
    attachments: z
      .array(z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() }))
      .openapi({ description: "Files sent as attachment parts (files too large to attach are links in bodyText)" }),
    status: z.enum(OUTBOUND_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: NullableTimestamp,
    sentAt: NullableTimestamp,
    createdAt: Timestamp,
  })
  .openapi("OutboundEmail");

const toOutbound = (m: OutboundRecord): z.infer<typeof OutboundSchema> => ({
  id: m.id,
  ticketId: m.ticketId,
  purpose: m.purpose,
  from: `${m.fromName} <${m.fromAddress}>`,
  to: m.toAddress,
  cc: m.cc,
  bcc: m.bcc,
  replyTo: m.replyTo,
  subject: m.subject,
  bodyText: m.bodyText,
  bodyHtml: m.bodyHtml,
  mime: mimeStructure({ html: m.bodyHtml, attachments: m.attachments }),
  messageId: m.emailMessageId,
  inReplyTo: m.inReplyTo,
  references: m.references ? m.references.split(" ") : [],
  headers: m.headers,
  attachments: m.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size })),
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  nextAttemptAt: isoOrNull(m.nextAttemptAt),
  sentAt: isoOrNull(m.sentAt),
  createdAt: iso(m.createdAt),
});

/** Every email the workspace sent or will send, so the loop can be seen without a mail server. */
export const devOutbox = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/dev/outbox",
    tags: ["Development"],
    summary: "Dev outbox: the workspace's outbound email, newest first (local development only)",
    description:
      "Exists only when the Worker runs with DEV_OUTBOX=on (set in .dev.vars by `npm run dev`); 404 otherwise. Owners and admins only: it shows pending invitation links.",
    security: authed,
    middleware: [requireLevel("admin")] as const,
    request: {
      query: z.object({ ticketId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    },
    responses: { 200: json(z.object({ items: z.array(OutboundSchema) }), "Outbound email"), 401: errors[401], 403: errors[403], 404: errors[404], 422: errors[422] },
  }),
  async (c) => {
    if (c.env.DEV_OUTBOX !== "on") throw notFound("Dev outbox");
    const { ticketId, limit } = c.req.valid("query");
    return c.json({ items: (await listOutbound(c.get("scope"), limit, ticketId)).map(toOutbound) }, 200);
  },
);

import { createRoute, z } from "@hono/zod-openapi";
import { OUTBOUND_STATUSES, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from "../../../schema";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import { addAgentMessage } from "../../core/tickets/replies";
import { renderStandardReply } from "../../core/tickets/standard-replies";
import { attachmentContent, listParticipants, listTicketAttachments } from "../../core/tickets/attachments";
import { listEvents } from "../../core/tickets/ticket-events";
import { NewerMessagesError } from "../../core/tickets/safe-send";
import { openTicket } from "../../core/tickets/open-ticket";
import { getTicket, listMessages, listTickets, TICKET_SORTS, updateTicket } from "../../core/tickets/ticket-store";
import { requireLevel } from "../auth-middleware";
import { IdempotencyKeyParameter, idempotent } from "../idempotency-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { AttachmentSchema } from "../schemas/email";
import { CursorParam, csvOf, Email, isoOrNull, Limit, Name, pageOf, patchOf, singleLineText } from "../schemas/common";
import { AutomaticFilter, Body, EventSchema, MessageSchema, Priority, SlaFilterSchema, Status, Tags, TicketListItemSchema, TicketSchema, TicketTypeSchema, toEvent, toMessage, toTicket } from "../schemas/tickets";
import { etagOf, expectedVersion, IfMatch, withCurrent } from "../schemas/versioning";
import { AppError } from "../../core/errors";
import { MAX_COPY_RECIPIENTS } from "../../core/mail/copy-recipients";
import { MESSAGE_FORMATS } from "../../core/tickets/message-format";
import { fileLinkSettings, MessageAttachments } from "../schemas/uploads";

const TicketId = IdParam("Ticket", "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t");
const Subject = singleLineText(1, 500);

export const ListQuery = z.object({
  status: csvOf(TICKET_STATUSES),
  priority: csvOf(TICKET_PRIORITIES),
  type: csvOf(TICKET_TYPES),
  assigneeId: z.string().max(64).optional().openapi({ description: "A user id, or `none` for unassigned" }),
  groupId: z.string().max(64).optional().openapi({ description: "A group id, or `none` for no group" }),
  tag: z.string().max(50).optional(),
  requesterId: z.string().max(64).optional(),
  taskOfId: z.string().max(64).optional().openapi({ description: "A ticket id: its follow-up tasks (回访, made by an automation)" }),
  updatedSince: z.iso.datetime({ offset: true }).optional().openapi({ description: "Only tickets updated at or after this instant" }),
  q: z.string().trim().max(200).optional().openapi({ description: "Full-text search over subjects and messages (any language)" }),
  sla: SlaFilterSchema,
  automatic: AutomaticFilter,
  sort: z.enum(TICKET_SORTS).default("updated_at"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: Limit,
  cursor: CursorParam,
});

const Requester = z
  .union([z.object({ id: z.string().min(1).max(64) }).strict(), z.object({ email: Email, name: Name.optional() }).strict()])
  .openapi({ description: "An existing customer by id, or an e-mail address (the customer is found or created)" });

const CreateTicket = z
  .object({
    subject: Subject,
    description: Body.openapi({ description: "The ticket's first message: what the customer asked, or with `firstMessage: reply` the agent's first public reply" }),
    firstMessage: z
      .enum(["customer", "reply"])
      .default("customer")
      .openapi({ description: "customer: the description is the customer's words (phone, walk-in, chat); reply: it is a public reply emailed to the requester (recorded in the outbox)" }),
    requester: Requester,
    status: Status.exclude(["closed"]).optional().openapi({ description: "Default: new (open when the first message is a reply)" }),
    priority: Priority.default("normal"),
    type: TicketTypeSchema.default("question"),
    channel: z.enum(["web", "api", "phone", "walk_in", "chat"]).default("api").openapi({ description: "Where the request came from (email tickets are created by inbound mail)" }),
    assigneeId: z.string().max(64).nullable().default(null),
    groupId: z.string().max(64).nullable().default(null),
    tags: Tags.default([]),
  })
  .openapi("NewTicket");

const UpdateTicket = patchOf({
  subject: Subject,
  status: Status,
  priority: Priority,
  type: TicketTypeSchema,
  requesterId: z.string().min(1).max(64),
  assigneeId: z.string().max(64).nullable(),
  groupId: z.string().max(64).nullable(),
  tags: Tags,
  automatic: z.literal(false).openapi({ description: "false: treat a ticket automatic mail started as normal work (its clocks start from now, it joins the queues)" }),
}).openapi("TicketUpdate");

const Copies = z.array(Email).max(MAX_COPY_RECIPIENTS).optional();

const NewMessage = z
  .object({
    kind: z.enum(["reply", "note"]).openapi({ description: "reply: public, emailed to the requester; note: internal" }),
    body: Body.optional(),
    format: z
      .enum(MESSAGE_FORMATS)
      .optional()
      .openapi({ description: "How the body is written: `text` (default) or `markdown` (bold, italic, links, lists, quotes, code), stored and emailed as sanitised HTML with a plain-text alternative" }),
    standardReplyId: z.string().max(64).optional().openapi({ description: "Use a standard reply, its placeholders filled, as the body" }),
    status: Status.exclude(["new"]).optional().openapi({ description: "Status to leave the ticket in (default: new becomes open)" }),
    seenMessageId: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .openapi({
        description:
          "Safe send, for a reply: the newest message you read on the ticket (null: it had none). If the customer wrote, or another agent replied publicly, after it, the reply is not sent: 409 `newer_messages` with those messages in `current`. Send again with the newest of them to send anyway. Absent: no check.",
      }),
    attachments: MessageAttachments,
    cc: Copies.openapi({ description: "A reply's copies: in the Cc header; they become the ticket's participants and may reply into it" }),
    bcc: Copies.openapi({ description: "A reply's blind copies: envelope recipients only, never in a header" }),
  })
  .strict()
  .refine((m) => (m.body === undefined) !== (m.standardReplyId === undefined), { message: "Send either body or standardReplyId", path: ["body"] })
  .refine((m) => m.kind === "reply" || !(m.cc?.length || m.bcc?.length), { message: "Only a reply is emailed: a note has no copies", path: ["cc"] })
  .refine((m) => (m.cc?.length ?? 0) + (m.bcc?.length ?? 0) <= MAX_COPY_RECIPIENTS, { message: `At most ${MAX_COPY_RECIPIENTS} copies (Cc and Bcc together)`, path: ["bcc"] })
  .openapi("NewMessage");

const OutboundSummary = z.object({ id: z.string(), status: z.enum(OUTBOUND_STATUSES), toAddress: z.string(), cc: z.array(z.string()), bcc: z.array(z.string()) }).nullable();

export const tickets = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets",
      tags: ["Tickets"],
      summary: "List, filter and search tickets",
      description: "Keyset-paginated: pages never shift when tickets are added meanwhile.",
      security: authed,
      request: { query: ListQuery },
      responses: { 200: json(pageOf(TicketListItemSchema, "TicketPage"), "A page of tickets"), 400: errors[400], 401: errors[401], 422: errors[422] },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await listTickets(c.get("scope"), { ...query, updatedSince: query.updatedSince ? new Date(query.updatedSince) : undefined });
      return c.json({ items: page.items.map((t) => ({ ...toTicket(t), slaDueAt: isoOrNull(t.slaDueAt) })), nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets",
      tags: ["Tickets"],
      summary: "Create a ticket",
      security: authed,
      middleware: [requireLevel("write"), idempotent] as const,
      parameters: [IdempotencyKeyParameter],
      request: { body: jsonBody(CreateTicket) },
      responses: { 201: json(TicketSchema, "The new ticket"), 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN };
      const { ticket } = await openTicket(c.get("scope"), mail, c.get("principal").userId, c.req.valid("json"));
      return c.json(toTicket(ticket), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}",
      tags: ["Tickets"],
      summary: "Read a ticket",
      security: authed,
      request: { params: TicketId },
      responses: { 200: json(TicketSchema, "The ticket"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const ticket = await getTicket(c.get("scope"), c.req.valid("param").id);
      c.header("ETag", etagOf(ticket));
      return c.json(toTicket(ticket), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/tickets/{id}",
      tags: ["Tickets"],
      summary: "Change a ticket: status, priority, type, assignee, group, tags, subject, requester",
      description:
        "Every change is recorded in the ticket's history with who made it. Only the fields sent are changed, so two agents changing different fields at once both keep their change. Send `If-Match` with the `ETag` of the ticket you read to refuse the change if anyone changed the ticket since: 409 `ticket_changed` with the ticket as it is now in `current`.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { params: TicketId, headers: IfMatch, body: jsonBody(UpdateTicket) },
      responses: { 200: json(TicketSchema, "The ticket after the change"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const id = c.req.valid("param").id;
      const expected = expectedVersion(c.req.valid("header")["if-match"]);
      const { ticket } = await withCurrent(updateTicket(scope, { type: "agent", id: c.get("principal").userId }, id, c.req.valid("json"), new Date(), expected), async () => toTicket(await getTicket(scope, id)));
      c.header("ETag", etagOf(ticket));
      return c.json(toTicket(ticket), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/messages",
      tags: ["Tickets"],
      summary: "The ticket's conversation: customer messages, replies and internal notes, oldest first",
      security: authed,
      request: { params: TicketId },
      responses: { 200: json(z.object({ items: z.array(MessageSchema) }), "Messages"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      return c.json({ items: (await listMessages(scope, ticket.id)).map(toMessage) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/messages",
      tags: ["Tickets"],
      summary: "Reply publicly (emailed to the requester) or add an internal note",
      security: authed,
      middleware: [requireLevel("write"), idempotent] as const,
      parameters: [IdempotencyKeyParameter],
      request: { params: TicketId, body: jsonBody(NewMessage) },
      responses: {
        201: json(z.object({ message: MessageSchema, ticket: TicketSchema, outbound: OutboundSummary }), "The message, the ticket after it, and the email it became"),
        401: errors[401],
        403: errors[403],
        404: errors[404],
        409: errors[409],
        422: errors[422],
      },
    }),
    async (c) => {
      const scope = c.get("scope");
      const { userId } = c.get("principal");
      const ticketId = c.req.valid("param").id;
      const input = c.req.valid("json");
      const body = input.standardReplyId ? await renderStandardReply(scope, input.standardReplyId, ticketId, userId) : input.body!;
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL, c.env.BLOBS), mailDomain: c.env.MAIL_DOMAIN, fileLinks: fileLinkSettings(c.env) };
      const result = await addAgentMessage(scope, mail, userId, ticketId, { kind: input.kind, body, format: input.format, status: input.status, seenMessageId: input.seenMessageId, attachments: input.attachments, cc: input.cc, bcc: input.bcc }).catch((error: unknown) => {
        if (error instanceof NewerMessagesError) throw new AppError(409, error.code, error.message, { current: error.messages.map(toMessage) });
        throw error;
      });
      const outbound = result.outbound ? { id: result.outbound.id, status: result.outbound.status, toAddress: result.outbound.toAddress, cc: result.outbound.cc, bcc: result.outbound.bcc } : null;
      return c.json({ message: toMessage(result.message), ticket: toTicket(result.ticket), outbound }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/events",
      tags: ["Tickets"],
      summary: "The ticket's append-only history: messages and every field change, with actor and time",
      security: authed,
      request: { params: TicketId },
      responses: { 200: json(z.object({ items: z.array(EventSchema) }), "Events, oldest first"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      return c.json({ items: (await listEvents(scope, ticket.id)).map(toEvent) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/attachments",
      tags: ["Tickets"],
      summary: "Files that came with the ticket's messages, including those not stored and why",
      security: authed,
      request: { params: TicketId },
      responses: { 200: json(z.object({ items: z.array(AttachmentSchema) }), "Attachments, oldest first"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      const items = (await listTicketAttachments(scope, ticket.id)).map((a) => ({
        id: a.id,
        messageId: a.messageId,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        inline: a.inline,
        contentId: a.contentId,
        stored: a.storageKey !== null,
        droppedReason: a.droppedReason,
        url: a.storageKey ? `/api/v1/attachments/${a.id}/content` : null,
      }));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/attachments/{id}/content",
      tags: ["Tickets"],
      summary: "Download an attachment",
      description: "Served as a download with the declared type; images and PDFs may be shown inline by the web app.",
      security: authed,
      request: { params: IdParam("Attachment", "att_01jq3v9f2k8x7d0m4n5p6r7s8t_0") },
      responses: { 200: { content: { "application/octet-stream": { schema: z.string() } }, description: "The file" }, 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const { attachment, body } = await attachmentContent(c.get("scope"), c.env.BLOBS, c.req.valid("param").id);
      return c.body(body, 200, {
        "Content-Type": attachment.contentType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
      }) as never;
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/tickets/{id}/participants",
      tags: ["Tickets"],
      summary: "People copied on the ticket (CC), who may reply into it",
      security: authed,
      request: { params: TicketId },
      responses: { 200: json(z.object({ items: z.array(z.object({ email: z.string(), name: z.string() })) }), "Participants"), 401: errors[401], 404: errors[404] },
    }),
    async (c) => {
      const scope = c.get("scope");
      const ticket = await getTicket(scope, c.req.valid("param").id);
      return c.json({ items: (await listParticipants(scope, ticket.id)).map((p) => ({ email: p.email, name: p.name })) }, 200);
    },
  );

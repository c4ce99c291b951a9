import { createRoute, z } from "@hono/zod-openapi";
import { OUTBOUND_STATUSES } from "../../../schema";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import { MAX_MERGE_SOURCES } from "../../core/tickets/merge-rules";
import { mergeTickets } from "../../core/tickets/ticket-merge";
import { splitMessage } from "../../core/tickets/ticket-split";
import { requireLevel } from "../auth-middleware";
import { IdParam, authed, createRouter, errors, json, jsonBody } from "../router";
import { singleLineText } from "../schemas/common";
import { MessageSchema, TicketSchema, toMessage, toTicket } from "../schemas/tickets";

const TicketId = IdParam("Ticket", "tkt_01jq3v9f2k8x7d0m4n5p6r7s8t");
const MessageParams = TicketId.extend({ messageId: z.string().min(1).max(64).openapi({ param: { name: "messageId", in: "path" }, description: "Message id", example: "msg_01jq3v9f2k8x7d0m4n5p6r7s8t" }) });

const MergeRequest = z
  .object({
    sourceIds: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(MAX_MERGE_SOURCES)
      .openapi({ description: `The tickets to merge into this one (at most ${MAX_MERGE_SOURCES}); each is closed and points here` }),
    notifyRequester: z.boolean().default(false).openapi({ description: "Tell the requester with a public message on this ticket (emailed like a reply); otherwise an internal note records the merge" }),
  })
  .strict()
  .openapi("TicketMerge");

const SplitRequest = z
  .object({ subject: singleLineText(1, 500).optional().openapi({ description: "The new ticket's subject (default: this ticket's)" }) })
  .strict()
  .openapi("TicketSplit");

const MergeResult = z
  .object({
    ticket: TicketSchema,
    merged: z.array(z.object({ id: z.string(), number: z.number().int() })).openapi({ description: "The tickets merged in (now closed, pointing here)" }),
    movedMessages: z.number().int().openapi({ description: "How many messages moved to this ticket" }),
    message: MessageSchema.openapi({ description: "What this ticket says about the merge: an internal note, or the public message to the requester" }),
    outbound: z.object({ id: z.string(), status: z.enum(OUTBOUND_STATUSES), toAddress: z.string() }).nullable(),
  })
  .openapi("TicketMergeResult");

/** Merging tickets into one, and splitting a message out into a new ticket. */
export const ticketMerge = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/merge",
      tags: ["Tickets"],
      summary: "Merge other tickets into this one",
      description:
        "Each source's messages (with attachments and Message-IDs: replies to them land here), CCs and tags move to this ticket; the source is closed with `mergedIntoId` pointing here and its SLA clocks stop; this ticket keeps its clocks. Both sides' histories name the other. 422 `ticket_merge_self` for this ticket among the sources; 409 `ticket_already_merged`, `ticket_merge_target_merged` or `ticket_closed`.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { params: TicketId, body: jsonBody(MergeRequest) },
      responses: { 200: json(MergeResult, "The ticket after the merge"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN };
      const result = await mergeTickets(c.get("scope"), mail, c.get("principal").userId, c.req.valid("param").id, c.req.valid("json"));
      const outbound = result.outbound ? { id: result.outbound.id, status: result.outbound.status, toAddress: result.outbound.toAddress } : null;
      return c.json({ ticket: toTicket(result.ticket), merged: result.merged, movedMessages: result.movedMessages, message: toMessage(result.message), outbound }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/tickets/{id}/messages/{messageId}/split",
      tags: ["Tickets"],
      summary: "Split a customer's message out into a new ticket",
      description:
        "The message (with its attachments and Message-ID) becomes the first message of a new ticket for its author, with this ticket's priority, type, group, assignee and tags; both histories name the other ticket. 422 `split_not_customer_message` or `split_only_message`; 409 `ticket_closed`.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { params: MessageParams, body: jsonBody(SplitRequest) },
      responses: { 201: json(TicketSchema, "The new ticket"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { id, messageId } = c.req.valid("param");
      const ticket = await splitMessage(c.get("scope"), c.get("principal").userId, id, messageId, c.req.valid("json"));
      return c.json(toTicket(ticket), 201);
    },
  );

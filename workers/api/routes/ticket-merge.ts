import { createRoute, z } from "@hono/zod-openapi";
import { OUTBOUND_STATUSES } from "../../../schema";
import { sendEmailBindingMailer } from "../../core/mail/mailer";
import type { OutboundRecord } from "../../core/mail/outbox";
import { MAX_MERGE_SOURCES } from "../../core/tickets/merge-rules";
import { mergeSomeTickets, mergeTickets } from "../../core/tickets/ticket-merge";
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

const outboundOf = (outbound: Pick<OutboundRecord, "id" | "status" | "toAddress"> | null) => (outbound ? { id: outbound.id, status: outbound.status, toAddress: outbound.toAddress } : null);

const BulkMergeRequest = z
  .object({
    targetId: z.string().min(1).max(64).openapi({ description: "The ticket the others merge into (the bulk bar proposes the oldest)" }),
    sourceIds: MergeRequest.shape.sourceIds,
    notifyRequester: MergeRequest.shape.notifyRequester,
  })
  .strict()
  .openapi("BulkTicketMerge");

const BulkMergeResult = z
  .object({
    ticket: TicketSchema.openapi({ description: "The target after the merge (as it was, when nothing merged)" }),
    results: z
      .array(
        z.object({
          id: z.string(),
          result: z.enum(["merged", "not_found", "refused"]),
          code: z.string().optional().openapi({ description: "Why a source was refused: the code a single merge would have answered (`ticket_closed`, `ticket_already_merged`)" }),
          message: z.string().optional(),
        }),
      )
      .openapi({ description: "Each source's outcome, in the order sent" }),
    message: MessageSchema.nullable().openapi({ description: "What the target says about the merge; null when nothing merged" }),
    outbound: MergeResult.shape.outbound,
  })
  .openapi("BulkTicketMergeResult");

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
      return c.json({ ticket: toTicket(result.ticket), merged: result.merged, movedMessages: result.movedMessages, message: toMessage(result.message), outbound: outboundOf(result.outbound) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk/tickets/merge",
      tags: ["Tickets"],
      summary: "Merge selected tickets into one of them, each source answering on its own",
      description:
        "As POST /tickets/{id}/merge with `targetId` as the target, except that a source that cannot merge stays out and answers on its own — `not_found` (not in this workspace) or `refused` with the code a single merge would have answered (`ticket_closed`, `ticket_already_merged`) — while the others merge in the same write. The target's own problems refuse the whole request (404; 409 `ticket_merge_target_merged`, `ticket_closed`; 422 `ticket_merge_self`). Merges cannot be undone.",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { body: jsonBody(BulkMergeRequest) },
      responses: { 200: json(BulkMergeResult, "Each source's outcome"), 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] },
    }),
    async (c) => {
      const { targetId, ...input } = c.req.valid("json");
      const mail = { mailer: sendEmailBindingMailer(c.env.EMAIL), mailDomain: c.env.MAIL_DOMAIN };
      const result = await mergeSomeTickets(c.get("scope"), mail, c.get("principal").userId, targetId, input);
      const merged = new Set(result.merged.map((m) => m.id));
      const results = [...new Set(input.sourceIds)].map((id) => (merged.has(id) ? { id, result: "merged" as const } : result.skipped.find((s) => s.id === id)!));
      return c.json({ ticket: toTicket(result.ticket), results, message: result.message && toMessage(result.message), outbound: outboundOf(result.outbound) }, 200);
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

import { createRoute, z } from "@hono/zod-openapi";
import { BULK_MAX, bulkTargets, bulkUpdate, undoBulk, type BulkResult, type BulkTarget, type BulkUndo } from "../../core/tickets/ticket-bulk";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, json, jsonBody } from "../router";
import { iso, Timestamp } from "../schemas/common";
import { Priority, Status, Tags, TicketSchema, TicketTypeSchema, toTicket } from "../schemas/tickets";
import { ListQuery } from "./tickets";

const TicketIds = z.array(z.string().min(1).max(64)).min(1).max(BULK_MAX);
const Filter = ListQuery.omit({ limit: true, cursor: true })
  .strict()
  .openapi("TicketFilter", { description: `The ticket list's filter (the query parameters of GET /tickets, same names and forms); at most ${BULK_MAX} tickets may match` });

/** Which tickets: `ids`, or every ticket `filter` finds — exactly one. */
export const targetShape = { ids: TicketIds.optional().openapi({ description: `Up to ${BULK_MAX} ticket ids` }), filter: Filter.optional() };
export const oneTarget = (body: { ids?: unknown; filter?: unknown }) => (body.ids === undefined) !== (body.filter === undefined);
export const oneTargetIssue = { message: "Send either ids or filter", path: ["ids"] };

const Change = z
  .object({
    status: Status.exclude(["new", "closed"]),
    priority: Priority,
    type: TicketTypeSchema,
    assigneeId: z.string().max(64).nullable(),
    groupId: z.string().max(64).nullable(),
    addTags: Tags,
    removeTags: Tags,
  })
  .partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, "Send at least one field to change")
  .openapi("BulkTicketChange");

const BulkRequest = z
  .object({ ...targetShape, change: Change })
  .strict()
  .refine(oneTarget, oneTargetIssue)
  .openapi("BulkTicketUpdate");

const Previous = z
  .object({ status: Status.exclude(["closed"]), priority: Priority, type: TicketTypeSchema, assigneeId: z.string().max(64).nullable(), groupId: z.string().max(64).nullable(), tags: Tags })
  .partial()
  .strict();

const UndoItem = z
  .object({
    id: z.string().min(1).max(64),
    updatedAt: z.iso.datetime({ offset: true }).openapi({ description: "The ticket's version the bulk change left; a ticket changed since is not put back" }),
    previous: Previous.openapi({ description: "The values before the bulk change" }),
  })
  .strict()
  .openapi("BulkTicketUndoItem");

const UndoRequest = z.object({ tickets: z.array(UndoItem).min(1).max(BULK_MAX) }).strict().openapi("BulkTicketUndo");

const ResultSchema = z
  .object({
    id: z.string(),
    result: z.enum(["updated", "unchanged", "not_found", "refused"]),
    code: z.string().optional().openapi({ description: "Why a ticket was refused: the code a single change would have answered (e.g. `ticket_closed`, `assignee_not_in_group`, `ticket_changed`)" }),
    message: z.string().optional(),
    ticket: TicketSchema.optional(),
  })
  .openapi("BulkTicketResult");

export const ResultsSchema = z
  .object({
    results: z.array(ResultSchema),
    undo: z.array(UndoItem.extend({ updatedAt: Timestamp })).openapi({ description: "Send back as `tickets` to POST /bulk/tickets/undo to put the changed tickets back" }),
  })
  .openapi("BulkTicketResults");

const toUndo = (u: BulkUndo) => ({ id: u.id, updatedAt: iso(u.updatedAt), previous: u.previous as z.infer<typeof Previous> });
export const toResults = (results: BulkResult[]) => ({
  results: results.map((r) => ({
    id: r.id,
    result: r.result,
    ...(r.result === "refused" ? { code: r.code, message: r.message } : {}),
    ...(r.result === "updated" || r.result === "unchanged" ? { ticket: toTicket(r.ticket) } : {}),
  })),
  undo: results.flatMap((r) => (r.result === "updated" ? [toUndo(r.undo)] : [])),
});

export const toTarget = (body: { ids?: string[]; filter?: z.infer<typeof Filter> }): BulkTarget =>
  body.ids ? { ids: body.ids } : { filter: { ...body.filter!, updatedSince: body.filter!.updatedSince ? new Date(body.filter!.updatedSince) : undefined } };

const agent = (userId: string) => ({ type: "agent" as const, id: userId });
export const bulkErrors = { 400: errors[400], 401: errors[401], 403: errors[403], 422: errors[422] };

export const ticketBulk = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk/tickets/preview",
      tags: ["Tickets"],
      summary: "Which tickets a bulk change would change",
      description: `The ids a bulk change of these tickets would change, in the list's order; \`more\` when the filter finds more than ${BULK_MAX} (a bulk change of it is refused).`,
      security: authed,
      request: { body: jsonBody(z.object(targetShape).strict().refine(oneTarget, oneTargetIssue).openapi("BulkTicketTarget")) },
      responses: { 200: json(z.object({ ids: z.array(z.string()), more: z.boolean() }), "The tickets"), ...bulkErrors },
    }),
    async (c) => c.json(await bulkTargets(c.get("scope"), toTarget(c.req.valid("json"))), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk/tickets",
      tags: ["Tickets"],
      summary: "Change many tickets at once: assignee, group, status, priority, type, tags",
      description: `Up to ${BULK_MAX} tickets, by id or by the list's filter (more matches: 422 \`bulk_too_many\`). Each ticket changes as one PATCH would — history as you, SLA clocks, notifications, live updates — and answers on its own: \`updated\`, \`unchanged\`, \`not_found\`, or \`refused\` with the code a single change would have answered; the others still change. \`undo\` holds each changed ticket's values before: POST it to /bulk/tickets/undo to put them back.`,
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { body: jsonBody(BulkRequest) },
      responses: { 200: json(ResultsSchema, "Each ticket's outcome"), ...bulkErrors },
    }),
    async (c) => {
      const { change, ...target } = c.req.valid("json");
      return c.json(toResults(await bulkUpdate(c.get("scope"), agent(c.get("principal").userId), toTarget(target), change)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/bulk/tickets/undo",
      tags: ["Tickets"],
      summary: "Undo a bulk change",
      description:
        "Puts back the values a bulk change's `undo` holds, as you, on each ticket nobody changed since the bulk change; a ticket changed since answers `refused` with `ticket_changed` and stays as it is. A ticket an assignment opened stays open (tickets never go back to new).",
      security: authed,
      middleware: [requireLevel("write")] as const,
      request: { body: jsonBody(UndoRequest) },
      responses: { 200: json(ResultsSchema, "Each ticket's outcome"), ...bulkErrors },
    }),
    async (c) => {
      const undo = c.req.valid("json").tickets.map((t) => ({ id: t.id, updatedAt: new Date(t.updatedAt), previous: t.previous }));
      return c.json(toResults(await undoBulk(c.get("scope"), agent(c.get("principal").userId), undo)), 200);
    },
  );

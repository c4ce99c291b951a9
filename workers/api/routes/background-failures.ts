import { createRoute, z } from "@hono/zod-openapi";
import { WORK_KINDS } from "../../../schema";
import { listFailures } from "../../core/work/work-items";
import { requireLevel } from "../auth-middleware";
import { authed, createRouter, errors, json } from "../router";
import { iso, isoOrNull, Timestamp } from "../schemas/common";

const MAX_LISTED = 100;

const BackgroundFailureSchema = z
  .object({
    kind: z.enum(WORK_KINDS).openapi({
      description:
        "What failed: `sla_recompute` (a ticket's deadlines), `acknowledgement`, `sla_alert` (warning, breach alert or escalation), `auto_close`, `survey`, `outbound_mail`, `webhook_delivery`",
    }),
    itemId: z.string().openapi({ description: "The item: a ticket id, or an outbound message or webhook delivery id" }),
    ticketId: z.string().nullable(),
    ticketNumber: z.number().int().nullable(),
    error: z.string().openapi({ description: "Why it failed the last time, in English", example: "SLA policy \"Standard\" cannot set deadlines: its business calendar is unusable (The calendar has no open hours: open at least one day of the week)" }),
    attempts: z.number().int().openapi({ description: "Failed attempts so far" }),
    firstFailedAt: Timestamp,
    lastFailedAt: Timestamp,
    nextAttemptAt: Timestamp.nullable().openapi({ description: "When it is tried again (backed off: 1 minute, doubling, at most 6 hours)" }),
  })
  .openapi("BackgroundFailure");

/** Background work that failed for this workspace: admins only. */
export const backgroundFailures = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/background-failures",
    tags: ["Workspace"],
    summary: "Background work that is failing for this workspace, most recent first",
    description:
      "The clock (SLA deadlines, alerts, auto-close, surveys, mail and webhook retries) and the mail handler work item by item. An item that fails is listed here with the error and retried with back-off, while everything else goes on; it disappears once it succeeds. Usually a setting needs fixing (e.g. a business calendar with no open hours).",
    security: authed,
    middleware: [requireLevel("admin")] as const,
    responses: { 200: json(z.object({ items: z.array(BackgroundFailureSchema) }), `Up to ${MAX_LISTED} failing items`), 401: errors[401], 403: errors[403] },
  }),
  async (c) => {
    const rows = await listFailures(c.get("scope"), MAX_LISTED);
    return c.json(
      {
        items: rows.map(({ item, ticketNumber }) => ({
          kind: item.kind,
          itemId: item.itemId,
          ticketId: item.ticketId,
          ticketNumber,
          error: item.lastError ?? "",
          attempts: item.attempts,
          firstFailedAt: iso(item.firstFailedAt ?? item.lastFailedAt!),
          lastFailedAt: iso(item.lastFailedAt!),
          nextAttemptAt: isoOrNull(item.nextAttemptAt),
        })),
      },
      200,
    );
  },
);

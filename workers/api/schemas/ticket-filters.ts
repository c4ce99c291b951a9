import { z } from "@hono/zod-openapi";
import { TICKET_SORTS } from "../../core/tickets/ticket-store";
import { ListQuery } from "../routes/tickets";
import { SlaFilterSchema } from "./tickets";

/** The list's own checks of the comma-separated fields (status, priority, type). */
const ListChecks = ListQuery.pick({ status: true, priority: true, type: true });

/**
 * GET /tickets's filters, sort and order in its query-string form, checked as the list checks
 * them: what a saved view keeps and what a ticket count counts.
 */
export const ListFilters = z
  .object({
    status: z.string().max(200).optional().openapi({ example: "new,open" }),
    priority: z.string().max(200).optional(),
    type: z.string().max(200).optional(),
    groupId: z.string().max(64).optional(),
    assigneeId: z.string().max(64).optional(),
    tag: z.string().max(50).optional(),
    q: z.string().trim().max(200).optional(),
    sla: SlaFilterSchema,
    automatic: z.enum(["true", "false"]).optional(),
    sort: z.enum(TICKET_SORTS).optional(),
    order: z.enum(["asc", "desc"]).optional(),
  })
  .strict()
  .superRefine((filters, ctx) => {
    const checked = ListChecks.safeParse(filters);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  })
  .openapi("SavedViewFilters", { description: "GET /tickets's query parameters, as they are sent there" });

/** Checked filters as the list's query (status "new,open" → its list), without paging. */
export const listQueryOf = (filters: z.infer<typeof ListFilters>) => {
  const { limit: _limit, cursor: _cursor, updatedSince: _since, ...query } = ListQuery.parse(filters);
  return query;
};

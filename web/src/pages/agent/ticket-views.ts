import { messages } from "../../i18n";
import type { TicketQuery } from "./agent-api";
import { ACTIVE_STATUSES } from "./enum-labels";

/** The saved views of the ticket list; each is a query the filters can narrow further. */
export const VIEWS = ["mine", "unassigned", "due_soon", "breached", "pending", "all", "automatic"] as const;
export type View = (typeof VIEWS)[number];

export const viewText = messages({
  en: { mine: "My open", unassigned: "Unassigned", due_soon: "Due soon", breached: "Breached", pending: "Pending", all: "All", automatic: "Automatic" },
  "zh-CN": { mine: "我的待处理", unassigned: "未分配", due_soon: "即将到期", breached: "已超时", pending: "等待客户", all: "全部", automatic: "自动邮件" },
});

const active = ACTIVE_STATUSES.join(",");

export function viewQuery(view: View, myId: string): NonNullable<TicketQuery> {
  switch (view) {
    case "mine":
      return { assigneeId: myId, status: "new,open" };
    case "unassigned":
      return { assigneeId: "none", status: active };
    case "due_soon":
      return { sla: "due_soon", status: active };
    case "breached":
      return { sla: "breached", status: active };
    case "pending":
      return { status: "pending" };
    case "all":
      return {};
    // Out-of-office and "we got your message" mail that answered nothing of ours: not work until
    // an agent says otherwise (every other view leaves it out).
    case "automatic":
      return { automatic: "true" };
  }
}

export const isView = (value: string | undefined): value is View => VIEWS.includes(value as View);

/** The filters a person can add to a view (empty string: not filtering). */
export const FILTER_KEYS = ["status", "priority", "type", "groupId", "assigneeId", "tag", "q"] as const;
export type Filters = Record<(typeof FILTER_KEYS)[number], string>;

export function filtersFrom(query: Record<string, string | undefined>): Filters {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, query[k] ?? ""])) as Filters;
}

/** The list's address for a view and filters (so a view can be bookmarked and shared). */
export function listUrl(view: View, filters: Filters): string {
  const params = new URLSearchParams({ view });
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  return `/tickets?${params}`;
}

/** The API query: the view's, with each filter set replacing the view's value for that field. */
export function listQuery(view: View, filters: Filters, myId: string): NonNullable<TicketQuery> {
  const query: NonNullable<TicketQuery> = { ...viewQuery(view, myId) };
  for (const key of FILTER_KEYS) if (filters[key]) query[key] = filters[key];
  return query;
}

import type { SLA_METRIC_NAMES, TicketPriority, TicketStatus, WebhookEvent, WebhookFormat } from "../../../schema";
import { formatTicketRef } from "../tickets/ticket-ref";

type SlaMetric = (typeof SLA_METRIC_NAMES)[number];

/** Everything an alert's payload says; gathered by the cron, turned into bytes here. */
export interface WebhookAlert {
  /** The delivery's id (also sent as `Kefu-Delivery`): receivers de-duplicate on it. */
  deliveryId: string;
  event: WebhookEvent;
  /** When Kefu raised the alert (the cron tick that found it). */
  occurredAt: Date;
  /** A test delivery sent from the API (`POST /webhooks/{id}/test`), about no real ticket. */
  test?: boolean;
  workspace: { id: string; slug: string };
  ticket: { id: string; number: number; subject: string; status: TicketStatus; priority: TicketPriority; assigneeId: string | null; groupId: string | null };
  sla: { metric: SlaMetric; instance: number; dueAt: Date };
  /** The web app's public base URL (`APP_URL`). */
  appUrl: string;
}

/** The `json` format: Kefu's own payload. */
export interface WebhookJsonPayload {
  id: string;
  event: WebhookEvent;
  occurredAt: string;
  test: boolean;
  workspace: { id: string; slug: string };
  ticket: { id: string; number: number; ref: string; subject: string; status: TicketStatus; priority: TicketPriority; assigneeId: string | null; groupId: string | null; url: string };
  sla: { metric: SlaMetric; instance: number; dueAt: string };
}

/** The `slack` format: a Slack incoming-webhook message (fallback text and Block Kit blocks). */
export interface SlackPayload {
  text: string;
  blocks: ({ type: "section"; text: { type: "mrkdwn"; text: string } } | { type: "context"; elements: { type: "mrkdwn"; text: string }[] })[];
}

const METRIC_LABEL: Record<SlaMetric, string> = {
  first_reply: "first reply",
  next_reply: "next reply",
  periodic_update: "update",
  resolution: "resolution",
  periodic_update_unpaused: "update (never paused)",
  requester_wait: "requester wait",
  total_resolution: "total resolution",
};

/** Where the ticket opens in the web app (the same path-style links as invitation links). */
export const ticketUrl = (appUrl: string, ticketId: string) => `${appUrl.replace(/\/+$/, "")}/tickets/${encodeURIComponent(ticketId)}`;

/** `2026-11-22 10:00 UTC`, as in the alert e-mails. */
export const formatDueUtc = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 16)} UTC`;

export function jsonPayload(alert: WebhookAlert): WebhookJsonPayload {
  const { ticket } = alert;
  return {
    id: alert.deliveryId,
    event: alert.event,
    occurredAt: alert.occurredAt.toISOString(),
    test: alert.test ?? false,
    workspace: { id: alert.workspace.id, slug: alert.workspace.slug },
    ticket: {
      id: ticket.id,
      number: ticket.number,
      ref: formatTicketRef(ticket.number),
      subject: ticket.subject,
      status: ticket.status,
      priority: ticket.priority,
      assigneeId: ticket.assigneeId,
      groupId: ticket.groupId,
      url: ticketUrl(alert.appUrl, ticket.id),
    },
    sla: { metric: alert.sla.metric, instance: alert.sla.instance, dueAt: alert.sla.dueAt.toISOString() },
  };
}

/**
 * Slack's mrkdwn treats `&`, `<` and `>` as control characters (`<!channel>`, `<url|label>`):
 * text from customers (the subject) is escaped so it can neither ping nor forge a link.
 */
export const escapeSlack = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The one readable line: `:warning: SLA warning — #12 Tea arrived broken: first reply due 2026-11-22 10:00 UTC`. */
export function alertLine(alert: WebhookAlert): string {
  const ref = formatTicketRef(alert.ticket.number);
  const what = METRIC_LABEL[alert.sla.metric];
  const due = formatDueUtc(alert.sla.dueAt);
  const head = alert.event === "sla.warning" ? ":warning: SLA warning" : ":rotating_light: SLA breached";
  const tail = alert.event === "sla.warning" ? `${what} due ${due}` : `${what} was due ${due}`;
  return `${alert.test ? "[test] " : ""}${head} — ${ref} ${alert.ticket.subject}: ${tail}`;
}

export function slackPayload(alert: WebhookAlert): SlackPayload {
  const ref = formatTicketRef(alert.ticket.number);
  const what = METRIC_LABEL[alert.sla.metric];
  const due = formatDueUtc(alert.sla.dueAt);
  const url = ticketUrl(alert.appUrl, alert.ticket.id);
  const head = alert.event === "sla.warning" ? ":warning: *SLA warning*" : ":rotating_light: *SLA breached*";
  const tail = alert.event === "sla.warning" ? `${what} due ${due}` : `${what} was due ${due}`;
  // Slack link syntax is <url|label>: the label may not hold `|` or `>` (escaped above, `|` replaced).
  const label = escapeSlack(`${ref} ${alert.ticket.subject}`).replaceAll("|", "¦");
  return {
    text: escapeSlack(alertLine(alert)),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${alert.test ? "[test] " : ""}${head} — <${url}|${label}>\n${tail}` } },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `Status: ${alert.ticket.status} · Priority: ${alert.ticket.priority} · Workspace: ${escapeSlack(alert.workspace.slug)}` }],
      },
    ],
  };
}

/** The exact bytes posted (and signed) for a webhook of the given format. */
export function webhookBody(format: WebhookFormat, alert: WebhookAlert): string {
  return JSON.stringify(format === "slack" ? slackPayload(alert) : jsonPayload(alert));
}

import type { TicketStatus } from "../../../schema";
import { withAssigned } from "../assignment/ticket-assignment";
import { readAll, runBatch } from "../db";
import { newId } from "../ids";
import { newMessageId } from "../mail/addresses";
import type { MailSettings } from "../mail/mailer";
import { deliverWithHandedOver, handOverCommitted } from "../mail/mail-hand-over";
import { queueOutbound, type OutboundRecord } from "../mail/outbox";
import { composeReplyEmail } from "../mail/reply-email";
import { finishTicketWrite, recordBlocked, slaContextFrom, slaWriteReads } from "../sla/ticket-sla";
import { planEventHooks } from "../rules/ticket-event-hooks";
import { triggerReads } from "../rules/trigger-reads";
import { storedEvent, withTriggered } from "./ticket-triggers";
import type { TenantScope } from "../tenancy/scope";
import { publishLive } from "../live/live-events";
import { rulesLive } from "../live/rule-live";
import { assertNothingNewer, newerMessageReads } from "./safe-send";
import { ticketMailContextFrom, ticketMailReads, type TicketMailContext } from "./ticket-mail";
import { assignOnReplyReads, assignOnReplyRule } from "./assign-on-reply";
import { nameInDirectory, noticeStatements, notifyReads } from "../notifications/notification-store";
import { assertNotClosed, statusAfterReply, withAssignOnReply } from "./ticket-rules";
import { messageStatements, ticketFrom, ticketQuery, triggeredStatements, type Ticket } from "./ticket-store";
import { messageFileStatements, uploadReads, type MessageFile } from "../attachments/upload-store";
import { FILE_LINK_TTL_DAYS, planMailFiles } from "../attachments/upload-rules";
import { fileLinkUrl, signFileLink } from "../attachments/file-link";
import type { FileLink } from "../mail/reply-email";
import { copyRecipients } from "../mail/copy-recipients";
import { participantStatements } from "./participants";
import { formatBody, type FormattedBody, type MessageFormat } from "./message-format";
import { AppError } from "../errors";

export interface AgentMessageInput {
  kind: "reply" | "note";
  body: string;
  /** How `body` is written: plain text (default) or Markdown, stored and mailed as sanitised HTML with its plain text. */
  format?: MessageFormat;
  status?: TicketStatus;
  /** A reply's "safe send" precondition: the newest message the agent saw (null: none); absent: no check. */
  seenMessageId?: string | null;
  /** Ids of the agent's uploads (POST /uploads) the message carries. */
  attachments?: string[];
  /** A reply's copies: Cc (they become the ticket's participants) and Bcc (envelope only). */
  cc?: string[];
  bcc?: string[];
}

/** A body with no words once formatted (Markdown that is only markup, such as a rule). */
const nothingToSend = () => {
  const message = "The message has no text once formatted";
  return new AppError(422, "validation_failed", message, { errors: [{ field: "body", code: "too_small", message, params: { origin: "string", minimum: 1 } }] });
};

/** What a reply needs to send files too large to attach as signed download links. */
export interface FileLinkSettings {
  secret: string;
  appUrl: string;
}

/**
 * An agent writes on a ticket, in three round trips (four with an email): one batch reads the
 * ticket, what its SLA depends on, the email context and the agents' directory (the agent's
 * name); one batch writes the message, its history, the ticket's new state, its clocks and — for a
 * public reply — the email to the requester (recorded before it is sent); then the email is sent,
 * with any mail the triggers recorded, and the outcomes recorded. If sending fails it stays
 * recorded as failed and the cron retries it. Nothing is read back.
 */
export async function addAgentMessage(scope: TenantScope, mail: MailSettings & { fileLinks?: FileLinkSettings }, agentId: string, ticketId: string, input: AgentMessageInput, now = new Date()) {
  const { db } = scope;
  const isReply = input.kind === "reply";
  const seen = isReply ? input.seenMessageId : undefined;
  const actor = { type: "agent", id: agentId } as const;
  const read = await readAll(db, {
    ticket: ticketQuery(scope, ticketId),
    ...slaWriteReads(scope, ticketId),
    ...ticketMailReads(scope, ticketId),
    ...newerMessageReads(scope, ticketId, agentId, seen),
    ...assignOnReplyReads(scope, ticketId, actor, isReply || input.status === "solved"),
    ...notifyReads(scope),
    ...uploadReads(scope, agentId, input.attachments),
    ...triggerReads(scope, { ticketId }),
  });
  const ticket = ticketFrom(read.ticket);
  assertNotClosed(ticket.status);
  assertNothingNewer(seen, read);
  const status = isReply ? statusAfterReply(ticket.status, input.status) : input.status;
  const emailMessageId = isReply ? newMessageId(mail.mailDomain) : null;
  const patch = withAssignOnReply(status ? { status } : {}, ticket, actor, assignOnReplyRule(read, isReply));
  const body = formatBody(input.body, input.format);
  if (!body.text.trim()) throw nothingToSend();
  const planned = messageStatements(scope, actor, ticket, { kind: input.kind, bodyText: body.text, bodyHtml: body.html, emailMessageId }, patch, now, slaContextFrom(read));
  const hooks = planEventHooks(scope, read, storedEvent(isReply ? "agent_replied" : "note_added", planned.after, body.text, [], { emailMessageId, kind: input.kind }), now);
  const files = messageFileStatements(scope, input.attachments, read.uploads, ticketId, planned.messageId, now);
  const context = ticketMailContextFrom(read, mail);
  const mailed = isReply && emailMessageId && context.toAddress ? await mailFiles(scope, mail.fileLinks, files.files, now) : null;
  const copies = copyRecipients({ to: context.toAddress, from: context.fromAddress, cc: input.cc, bcc: input.bcc });
  const outbound = mailed ? { ...replyEmail(scope, context, nameInDirectory(read, agentId), ticket, body, emailMessageId!, planned.messageId, now, mailed), ...copies } : null;

  const notice = noticeStatements(scope, read, [input.kind === "note" ? { kind: "mention", body: body.text } : null], ticketId, actor, now);
  const copied = outbound ? participantStatements(scope, ticketId, outbound.cc.map((email) => ({ email, name: "" })), now) : [];
  const batch = [...planned.statements, ...triggeredStatements(scope, ticketId, hooks, now), ...files.statements, ...notice.statements, ...copied, ...(outbound ? [queueOutbound(db, outbound).returning()] : [])];
  const results = await runBatch(db, batch);
  const queued = outbound ? results.find((r): r is OutboundRecord[] => Array.isArray(r) && (r[0] as OutboundRecord | undefined)?.id === outbound.id)![0]! : null;
  // The rules' mail goes out with the reply's own email when there is one (one outcome batch), else after the answer.
  if (!queued) handOverCommitted(scope, batch, now);
  publishLive(scope, [planned.live, ...notice.live, ...rulesLive(hooks, results, ticketId, now)]);
  await recordBlocked(scope, ticketId, planned.blockedBy, now);
  // The clocks were planned before the triggers changed the ticket: recompute them (only then).
  if (hooks && Object.keys(hooks.patch).length) await finishTicketWrite(scope, ticketId, now);
  const delivered = queued ? await deliverWithHandedOver(db, mail.mailer, queued, batch, now) : null;
  return { message: planned.messageFrom(results), ticket: withAssigned(withTriggered(planned.after, hooks), results), outbound: delivered, files: files.files };
}

/** A reply's files as its email carries them: parts while they fit, signed download links for the rest. */
async function mailFiles(scope: TenantScope, settings: FileLinkSettings | undefined, files: readonly MessageFile[], now: Date) {
  const plan = planMailFiles(files.map((f) => f.size));
  const attached = files.filter((_, i) => plan[i] === "attach").map(({ filename, contentType, size, storageKey }) => ({ filename, contentType, size, storageKey }));
  const linked = files.filter((_, i) => plan[i] === "link");
  if (linked.length && !settings) throw new Error("A reply's files need download links, but no link settings were given");
  const links: FileLink[] = await Promise.all(
    linked.map(async (f) => ({
      filename: f.filename,
      size: f.size,
      url: fileLinkUrl(settings!.appUrl, await signFileLink(settings!.secret, { tenantId: scope.tenantId, attachmentId: f.attachmentId }, now)),
      validDays: FILE_LINK_TTL_DAYS,
    })),
  );
  return { attached, links };
}

/** The email a public reply becomes (the requester has an address to write to). */
export function replyEmail(
  scope: TenantScope,
  context: TicketMailContext,
  agentName: string | undefined,
  ticket: Ticket,
  body: string | FormattedBody,
  emailMessageId: string,
  messageId: string,
  now: Date,
  files: Awaited<ReturnType<typeof mailFiles>> = { attached: [], links: [] },
) {
  const { tenant, fromAddress } = context;
  const name = agentName ?? tenant.name;
  const { text, html } = typeof body === "string" ? { text: body, html: null } : body;
  const composed = composeReplyEmail({ ticketNumber: ticket.number, ticketSubject: ticket.subject, body: text, html, agentName: name, workspaceName: tenant.name, fileLinks: files.links, language: context.language });
  return {
    id: newId("out", now.getTime()),
    tenantId: scope.tenantId,
    ticketId: ticket.id,
    messageId,
    purpose: "reply" as const,
    fromAddress,
    fromName: `${name} (${tenant.name})`,
    toAddress: context.toAddress!,
    replyTo: fromAddress,
    subject: composed.subject,
    bodyText: composed.text,
    bodyHtml: composed.html,
    emailMessageId,
    inReplyTo: context.inReplyTo,
    references: context.references,
    attachments: files.attached,
    createdAt: now,
  };
}

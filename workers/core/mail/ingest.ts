import type { Address, Email } from "postal-mime";
import { attachments, ticketParticipants, type DeliveryOutcome } from "../../../schema";
import { customerByEmailQuery, newCustomerFor, newCustomerStatements } from "../customers/customer-store";
import { readAll, runBatch, type Db, type Statement } from "../db";
import { AppError, conflict } from "../errors";
import { newId, sha256Hex } from "../ids";
import type { Actor, TenantScope } from "../tenancy/scope";
import { publishLive, type LiveEvent, type LiveHub } from "../live/live-events";
import { assignmentNotice, noticeStatements, notifyReads } from "../notifications/notification-store";
import type { NotifyChange } from "../notifications/recipients";
import { getTenant, type Tenant } from "../tenancy/tenant";
import type { MailSettings } from "./mailer";
import { statusAfterCustomerMessage } from "../tickets/ticket-rules";
import { createTicketStatements, messageStatements, ticketFrom, ticketQuery, type NewMessage } from "../tickets/ticket-store";
import { LOOP_MARKER } from "./acknowledgement";
import { parseMail } from "./parse-mail";
import { DEFAULT_ATTACHMENT_LIMITS, planAttachments, type AttachmentLimits } from "./attachment-plan";
import { arrivalAddress, forwardingCheckClaim, originalRecipients, verifyClaim } from "./address-claims";
import { autoMailInputOf, classifyAutomaticMail } from "./auto-mail";
import { contentFingerprint } from "./content-fingerprint";
import { bouncedMessageIds } from "./bounce";
import { sanitizeEmailHtml } from "./html-sanitizer";
import { htmlToText } from "./html-to-text";
import { deliveryStatement, getInbound, logDelivery, rawKeyOf, recordInbound, settleInbound, type Envelope, type InboundMessage } from "./inbound-store";
import { markQuotedHtml, splitQuotedText } from "./quoted-history";
import { markBounced } from "./outbox";
import { blockListMatchQuery } from "./spam-settings";
import { addressGroupsQuery, ensureBuiltInAddress, findSupportAddress, workspaceAddressesQuery, type SupportAddress } from "./support-addresses";
import { autoAssignOnCreate, autoAssignReadsForCreate } from "../assignment/ticket-assignment";
import { promisedFrom } from "../sla/promised-reply";
import { newTicketSlaContext, recordBlocked, slaContextFrom, slaContextReads, slaSettingsReads } from "../sla/ticket-sla";
import { describeError, isolated } from "../work/failure-boundary";
import { clearWork, oweWork, recordFailure, type WorkRef } from "../work/work-items";
import { ackAllowed, ackCounter, ackWindowQuery, ackWork, acknowledgeTicket } from "./ticket-acknowledgement";
import { mailLanguage } from "./mail-language";
import { threadCandidateReads, threadCandidatesFrom } from "./thread-lookup";
import { conversationKey } from "./thread-index";
import { decideThread, normalizeMessageId, plusTicketNumber, referencedMessageIds, subjectTicketNumber } from "./threading";

/** The largest message accepted (Cloudflare Email Routing's own limit). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface IngestDeps {
  db: Db;
  blobs: R2Bucket;
  mail: MailSettings;
  attachmentLimits?: AttachmentLimits;
  /** The workspaces' live updates (set by the entry point). */
  live?: LiveHub;
}

export interface IngestResult {
  outcome: DeliveryOutcome;
  inboundId: string;
  ticketId?: string;
  detail?: string;
}

/**
 * An email for a workspace, after routing: the raw bytes are stored in R2 first, then recorded
 * (deduplicated by Message-ID and content hash, see recordInbound), then processed.
 * An R2 failure, or a D1 failure before the message is recorded, throws, so the sending server
 * retries; the retry finds the record and either stops (already processed) or finishes the work
 * (steps are idempotent). A failure after it is recorded defers the message to the cron.
 */
export async function acceptInbound(
  deps: IngestDeps,
  route: { tenant: Tenant; address: SupportAddress },
  envelope: Envelope,
  raw: Uint8Array,
  headerMessageId: string | null,
  now = new Date(),
): Promise<IngestResult> {
  const scope: TenantScope = { db: deps.db, tenantId: route.tenant.id };
  const sha256 = await sha256Hex(raw);
  const rawKey = rawKeyOf(route.tenant.id, sha256);
  await deps.blobs.put(rawKey, raw, { httpMetadata: { contentType: "message/rfc822" } });
  const messageId = normalizeMessageId(headerMessageId);
  const contentHash = await contentFingerprint(raw);
  const { inbound, fresh } = await recordInbound(scope, { messageId, contentHash, envelope, rawKey, supportAddressId: route.address.id }, now);
  if (!fresh && inbound.status !== "received") {
    await logDelivery(deps.db, route.tenant.id, envelope, "duplicate", { inboundMessageId: inbound.id, ticketId: inbound.ticketId }, now);
    return { outcome: "duplicate", inboundId: inbound.id, ...(inbound.ticketId ? { ticketId: inbound.ticketId } : {}) };
  }
  try {
    return await processInbound(deps, route.tenant, route.address, inbound, raw, now);
  } catch (error) {
    // The message is stored (R2) and recorded (D1): a failure while processing it is recorded
    // for the workspace's admins and retried by the cron, and the mail is accepted. Only if even
    // that cannot be recorded (D1 is down) does the error reach the sender, who retries.
    const detail = describeError(error);
    await recordFailure(deps.db, inboundWork(route.tenant.id, inbound.id), detail, now);
    console.error(JSON.stringify({ event: "email_deferred", tenant: route.tenant.id, inboundId: inbound.id, error: detail }));
    await logDelivery(deps.db, route.tenant.id, envelope, "deferred", { inboundMessageId: inbound.id, detail }, now);
    return { outcome: "deferred", inboundId: inbound.id, detail };
  }
}

/** Processing a stored message, owed after it failed once. */
export const inboundWork = (tenantId: string, inboundId: string): WorkRef => ({ tenantId, kind: "inbound_mail", itemId: inboundId });

/**
 * For the cron: processes a stored message whose processing failed, from its raw bytes in R2.
 * A message processed meanwhile (a re-delivery) is left as it is.
 */
export async function retryInbound(deps: IngestDeps, scope: TenantScope, id: string, now: Date): Promise<IngestResult | null> {
  const inbound = await getInbound(scope, id);
  const result = inbound.status === "received" ? await processStored(deps, scope, inbound, now) : null;
  await clearWork(deps.db, inboundWork(scope.tenantId, id), now);
  return result;
}

/** Processes a recorded message; also used to re-process a quarantined or spam-flagged one. */
export async function processInbound(
  deps: IngestDeps,
  tenant: Tenant,
  channel: SupportAddress,
  inbound: InboundMessage,
  raw: Uint8Array,
  now = new Date(),
  options: { skipSpamCheck?: boolean } = {},
): Promise<IngestResult> {
  const scope: TenantScope = { db: deps.db, tenantId: tenant.id, live: deps.live?.(tenant.id) };
  const envelope: Envelope = { from: inbound.envelopeFrom, to: inbound.envelopeTo, rawSize: inbound.rawSize };
  const settle = async (outcome: DeliveryOutcome, status: InboundMessage["status"], detail: string, fields: Partial<InboundMessage> = {}) => {
    await runBatch(deps.db, [settleInbound(scope, inbound.id, { status, detail, ...fields }, now)]);
    await logDelivery(deps.db, tenant.id, envelope, outcome, { inboundMessageId: inbound.id, ticketId: fields.ticketId ?? null, detail }, now);
    return { outcome, inboundId: inbound.id, detail, ...(fields.ticketId ? { ticketId: fields.ticketId } : {}) };
  };

  let parsed: Email;
  try {
    parsed = await parseMail(raw);
  } catch (error) {
    return settle("quarantined", "quarantined", `Could not parse the message: ${String(error)}`);
  }
  // The header From, else the envelope sender (some mail carries no From at all).
  // A bounce may have neither (`MAIL FROM:<>`, `From: MAILER-DAEMON`): it is classified below before an address is required.
  // A From that parses into a name without an address keeps that name on the envelope sender.
  const sender = addressesOf(parsed.from ? [parsed.from] : [])[0] ?? addressesOf([{ address: envelope.from, name: parsed.from?.name ?? "" }])[0];
  const summary = { fromAddress: sender?.address ?? null, subject: parsed.subject ?? null };

  // One round trip reads what every decision below needs: the workspace's addresses, the block
  // list entries for this sender, the customer, the tickets the clues point at, what a new
  // ticket's SLA depends on, and the sender's acknowledgement window.
  const clues = {
    messageIds: referencedMessageIds(parsed.inReplyTo, parsed.references),
    subjectNumber: subjectTicketNumber(parsed.subject)?.number ?? null,
    plusNumber: channel.plusAddressing ? plusTicketNumber(envelope.to) : null,
    sender: sender?.address ?? "",
    threadKey: conversationKey(headerValue(parsed, "thread-index")),
  };
  const ack = await ackCounter(tenant.id, sender?.address ?? "");
  const read = await readAll(deps.db, {
    ownAddresses: workspaceAddressesQuery(scope),
    blocked: blockListMatchQuery(scope, sender?.address ?? null),
    customer: customerByEmailQuery(scope, sender?.address ?? ""),
    ...threadCandidateReads(scope, clues),
    ...slaSettingsReads(scope),
    ackWindow: ackWindowQuery(deps.db, ack),
    ...notifyReads(scope),
    // A new ticket lands in its address's group: automatic assignment reads the addresses' groups.
    ...autoAssignReadsForCreate(scope, { groupId: addressGroupsQuery(scope), assigneeId: null }, null),
  });
  const ownAddresses = read.ownAddresses;
  const verified = forwardingCheckClaim(ownAddresses, headerValue(parsed, "x-kefu-verification"));
  if (verified) {
    const works = await verifyClaim(deps.db, verified, now);
    return settle("verification", "verification", works ? `Forwarding to ${verified.address} works` : `${verified.address} could not be verified: the address is unavailable`, summary);
  }
  const recipients = addressesOf([...(parsed.to ?? []), ...(parsed.cc ?? [])]);
  const ownSet = new Set(ownAddresses.map((a) => a.address));
  // The custom address it was forwarded from (the first forwarded mail verifies a claim), else the address it was routed to.
  const arrivedVia = await arrivalAddress(deps.db, channel, ownAddresses, originalRecipients(parsed), now);

  if (!options.skipSpamCheck) {
    const spam = spamVerdict(tenant, read.blocked[0]?.pattern ?? null, parsed);
    if (spam) return settle("spam", "spam", spam, summary);
  }

  const verdict = classifyAutomaticMail(autoMailInputOf(parsed, { envelopeFrom: envelope.from, ownAddresses: [...ownSet], loopMarker: LOOP_MARKER }));
  if (verdict.bounce) {
    const bounced = await markBounced(scope, bouncedMessageIds(parsed), parsed.subject, now);
    if (bounced.length) return settle("bounce", "bounce", `Marked ${bounced.length} sent message(s) as bounced`, { ...summary, ticketId: bounced[0]!.ticketId });
  }
  if (!sender)
    return verdict.automatic
      ? settle("automatic", "automatic", `Automatic mail without a sender address: ${verdict.signals.join(", ")}`, summary)
      : settle("quarantined", "quarantined", "The message has no sender address", summary);

  const decision = decideThread(threadCandidatesFrom(read, clues), verdict.automatic, { newSubjectNewTicket: tenant.newSubjectNewTicket, subject: parsed.subject });
  const detail = verdict.automatic ? `Automatic mail: ${verdict.signals.join(", ")}` : "";
  if (decision.kind === "store_only") return settle("automatic", "automatic", `${detail} (about closed ticket)`, { ...summary, ticketId: decision.ticketId });

  // A customer known by this address, or a new one created in the same batch as the ticket.
  const known = read.customer[0];
  const newCustomer = known ? null : newCustomerFor(sender.address, sender.name || undefined);
  const customer = { id: known?.id ?? newId("cus", now.getTime()), name: known?.name ?? newCustomer!.name, tier: known?.tier ?? newCustomer!.tier };
  const messageRowId = newId("msg", now.getTime());
  const files = await storeAttachments(deps, scope, inbound.id, parsed, deps.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS);
  const message = { ...contentOf(parsed, raw, files, { id: messageRowId, sender, automatic: verdict.automatic, inboundId: inbound.id }), threadKey: clues.threadKey };
  const actor: Actor = { type: "customer", id: customer.id };

  let ticketId: string;
  let blockedBy: string | null;
  let promised = "as soon as possible";
  let live: LiveEvent;
  let notice: NotifyChange | null;
  const statements: Statement[] = newCustomer ? newCustomerStatements(scope, customer.id, newCustomer, now) : [];
  if (decision.kind === "append") {
    // The ticket it belongs to, with its own SLA context: one more round trip.
    const current = await readAll(deps.db, { ticket: ticketQuery(scope, decision.ticketId), ...slaContextReads(scope, decision.ticketId) });
    const ticket = ticketFrom(current.ticket);
    ticketId = ticket.id;
    const status = verdict.automatic ? ticket.status : statusAfterCustomerMessage(ticket.status);
    // A person's own message makes a ticket automatic mail started into work.
    const planned = messageStatements(scope, actor, ticket, message, verdict.automatic ? { status } : { status, automatic: false }, now, slaContextFrom(current));
    blockedBy = planned.blockedBy;
    live = planned.live;
    notice = { kind: "customer_replied", assigneeId: ticket.assigneeId };
    statements.push(...planned.statements);
  } else {
    const context = newTicketSlaContext(read, customer.tier);
    const created = createTicketStatements(
      scope,
      actor,
      {
        subject: parsed.subject?.trim() || "(no subject)",
        description: message.bodyText,
        requesterId: customer.id,
        status: "new",
        priority: arrivedVia.defaultPriority,
        type: "question",
        channel: "email",
        assigneeId: null,
        groupId: arrivedVia.defaultGroupId,
        tags: [],
        supportAddressId: arrivedVia.id,
        // A follow-up of a closed ticket, or a new topic in an open one's thread (the workspace's rule).
        followUpOfId: decision.kind === "follow_up" ? decision.ticketId : (decision.linkedTo ?? null),
      },
      message,
      now,
      context,
      verdict.automatic,
    );
    ticketId = created.ticketId;
    blockedBy = created.blockedBy;
    live = created.live;
    notice = assignmentNotice(read, { assigneeId: null, groupId: arrivedVia.defaultGroupId });
    promised = promisedFrom(created.sla, context);
    // Automatic assignment in the same write (the address's group; a trigger's change of group or assignee, earlier in the batch, wins).
    const assigned = autoAssignOnCreate(scope, read, { id: ticketId, groupId: arrivedVia.defaultGroupId, assigneeId: null, status: "new", priority: arrivedVia.defaultPriority, automatic: verdict.automatic, tags: [], createdAt: now }, { tier: customer.tier, language: known?.language ?? null }, now);
    statements.push(...created.statements, ...assigned.statements);
  }
  const outcome: DeliveryOutcome = verdict.automatic ? "automatic" : decision.kind === "append" ? "appended" : "ticket_created";
  const owesAck = outcome === "ticket_created" && arrivedVia.autoAckEnabled && ackAllowed(read.ackWindow, now);
  statements.push(
    ...files.rows.map((row) => deps.db.insert(attachments).values({ ...row, ticketId, messageId: messageRowId, createdAt: now })),
    ...participantStatements(scope, ticketId, recipients, [sender.address, ...ownSet], now),
    settleInbound(scope, inbound.id, { status: verdict.automatic ? "automatic" : "processed", detail: detail || null, ...summary, ticketId, messageId: messageRowId, supportAddressId: arrivedVia.id }, now),
    deliveryStatement(deps.db, tenant.id, envelope, outcome, { inboundMessageId: inbound.id, ticketId, ...(detail ? { detail } : {}) }, now),
    ...(owesAck ? [oweWork(deps.db, ackWork(tenant.id, ticketId), now)] : []),
  );
  const notices = noticeStatements(scope, read, [verdict.automatic ? null : notice], ticketId, actor, now);
  statements.push(...notices.statements);
  const results = await runBatch(deps.db, statements);
  publishLive(scope, [live, ...notices.live]);
  // The mail is recorded and processed from here on: what follows is derived work, each behind
  // its own failure boundary (recorded for the admins, finished by the cron), never a lost message.
  await recordBlocked(scope, ticketId, blockedBy, now);
  if (owesAck) {
    const created = results.find((r): r is { id: string; number: number; subject: string }[] => Array.isArray(r) && (r[0] as { id?: string } | undefined)?.id === ticketId)![0]!;
    const language = mailLanguage({ stored: known?.language, text: `${created.subject}\n${message.bodyText}` }, tenant.defaultLanguage);
    const request = { tenant, channel: arrivedVia, ticket: created, customerName: customer.name, to: sender.address, inReplyTo: parsed.messageId, promised, language };
    await isolated(deps.db, ackWork(tenant.id, ticketId), now, () => acknowledgeTicket(deps.db, deps.mail, request, ack, now));
  }
  return { outcome, inboundId: inbound.id, ticketId, ...(detail ? { detail } : {}) };
}

interface Mailbox {
  address: string;
  name: string;
}

/** Flattened, lower-cased mailboxes (groups expanded, entries without an address dropped). */
function addressesOf(list: readonly Address[]): Mailbox[] {
  return list
    .flatMap((a) => (a.group ? a.group : [a]))
    .filter((a): a is { address: string; name: string } => Boolean(a.address && a.address.includes("@")))
    .map((a) => ({ address: a.address.trim().toLowerCase(), name: (a.name ?? "").trim() }));
}

function headerValue(parsed: Email, key: string): string | undefined {
  return parsed.headers.find((h) => h.key === key)?.value;
}

/** Why a message is spam for this workspace (the block list entry that matched it, the score header), or null. */
function spamVerdict(tenant: Tenant, blockedBy: string | null, parsed: Email): string | null {
  if (blockedBy) return `Sender is on the block list (${blockedBy})`;
  const score = Number.parseFloat(headerValue(parsed, tenant.spamScoreHeader.toLowerCase()) ?? "");
  if (tenant.spamScoreThreshold !== null && Number.isFinite(score) && score >= tenant.spamScoreThreshold)
    return `Spam score ${score} is at or above the workspace's threshold ${tenant.spamScoreThreshold}`;
  return null;
}

interface StoredFiles {
  rows: Omit<typeof attachments.$inferInsert, "ticketId" | "messageId" | "createdAt">[];
  urlOfContentId: Map<string, string>;
}

/** Stores what the plan allows in R2 (deterministic keys: a retry overwrites, never duplicates). */
async function storeAttachments(deps: IngestDeps, scope: TenantScope, inboundId: string, parsed: Email, limits: AttachmentLimits): Promise<StoredFiles> {
  const contents = parsed.attachments.map((a) => (typeof a.content === "string" ? new TextEncoder().encode(a.content) : new Uint8Array(a.content)));
  const plan = planAttachments(
    contents.map((c) => c.byteLength),
    limits,
  );
  const rows: StoredFiles["rows"] = [];
  const urlOfContentId = new Map<string, string>();
  for (const [index, file] of parsed.attachments.entries()) {
    const id = `att_${inboundId.slice(4)}_${index}`;
    const storageKey = plan[index]!.droppedReason ? null : `att/${scope.tenantId}/${inboundId}/${index}`;
    if (storageKey) await deps.blobs.put(storageKey, contents[index]!, { httpMetadata: { contentType: file.mimeType } });
    const contentId = normalizeMessageId(file.contentId);
    if (contentId && storageKey) urlOfContentId.set(contentId, `/api/v1/attachments/${id}/content`);
    rows.push({
      id,
      tenantId: scope.tenantId,
      filename: file.filename || `attachment-${index + 1}`,
      contentType: file.mimeType,
      size: plan[index]!.size,
      contentId,
      inline: file.disposition === "inline" || Boolean(file.related),
      storageKey,
      droppedReason: plan[index]!.droppedReason,
    });
  }
  return { rows, urlOfContentId };
}

/** The message as stored: text split from its quoted history, HTML sanitised with cid: images resolved. */
function contentOf(parsed: Email, raw: Uint8Array, files: StoredFiles, meta: { id: string; sender: Mailbox; automatic: boolean; inboundId: string }): NewMessage {
  const text = parsed.text?.trim() ? parsed.text : parsed.html ? htmlToText(parsed.html) : parsed.attachments.length ? "" : rawBodyText(raw);
  const { body, quoted } = splitQuotedText(text.replace(/\r\n/g, "\n"));
  const html = parsed.html ? markQuotedHtml(sanitizeEmailHtml(parsed.html, { cidUrl: (cid) => files.urlOfContentId.get(cid) ?? null }).html) : null;
  return {
    id: meta.id,
    kind: "customer",
    bodyText: body.trim() || (quoted ? "" : "(no text)"),
    bodyHtml: html,
    quotedText: quoted,
    emailMessageId: normalizeMessageId(parsed.messageId),
    fromAddress: meta.sender.address,
    fromName: meta.sender.name || null,
    automatic: meta.automatic,
    inboundMessageId: meta.inboundId,
  };
}

/**
 * The body as plain text when the parser found no part at all (e.g. a multipart declared
 * without a boundary): everything after the header block, read leniently as UTF-8.
 */
function rawBodyText(raw: Uint8Array): string {
  const text = new TextDecoder("utf-8").decode(raw);
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? "" : text.slice(end).trim();
}

/** People on To/Cc other than the sender and the workspace's own addresses are recorded on the ticket. */
function participantStatements(scope: TenantScope, ticketId: string, recipients: Mailbox[], exclude: string[], now: Date) {
  const skip = new Set(exclude);
  const people = [...new Map(recipients.filter((r) => !skip.has(r.address.replace(/\+[^@]*@/, "@")) && !skip.has(r.address)).map((r) => [r.address, r])).values()].slice(0, 25);
  return people.map((p) =>
    scope.db.insert(ticketParticipants).values({ tenantId: scope.tenantId, ticketId, email: p.address, name: p.name, createdAt: now }).onConflictDoNothing(),
  );
}

/**
 * Runs a stored message through processing again: a quarantined one (after a parser fix), or
 * one flagged as spam that an admin says is not (the spam check is then skipped).
 */
export async function reprocessInbound(deps: IngestDeps, scope: TenantScope, id: string, now = new Date()): Promise<IngestResult> {
  const inbound = await getInbound(scope, id);
  if (inbound.status !== "quarantined" && inbound.status !== "spam")
    throw conflict("not_reprocessable", `Only quarantined or spam messages can be processed again; this one is ${inbound.status}`);
  return processStored(deps, scope, inbound, now);
}

/** Processes a recorded message from its raw bytes in R2, through the address it came in by. */
async function processStored(deps: IngestDeps, scope: TenantScope, inbound: InboundMessage, now: Date): Promise<IngestResult> {
  const object = await deps.blobs.get(inbound.rawKey);
  if (!object) throw new AppError(503, "raw_message_missing", "The stored raw message could not be read; try again later");
  const raw = new Uint8Array(await object.arrayBuffer());
  const tenant = await getTenant(scope);
  const channel = (inbound.supportAddressId ? await findSupportAddress(scope, inbound.supportAddressId) : undefined) ?? (await ensureBuiltInAddress(deps.db, tenant, deps.mail.mailDomain, now));
  return processInbound(deps, tenant, channel, inbound, raw, now, { skipSpamCheck: inbound.status === "spam" });
}

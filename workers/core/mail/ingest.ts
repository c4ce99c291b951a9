import type { Email } from "postal-mime";
import type { DeliveryOutcome } from "../../../schema";
import { customerByEmailQuery, newCustomerFor, newCustomerStatements } from "../customers/customer-store";
import { readAll, runBatch, type Db, type Statement } from "../db";
import { AppError, conflict } from "../errors";
import { newId, sha256Hex } from "../ids";
import { settingsRead } from "../settings-cache";
import type { Actor, TenantScope } from "../tenancy/scope";
import { deliverWithHandedOver, handOverCommitted } from "./mail-hand-over";
import { publishLive, type LiveEvent, type LiveHub } from "../live/live-events";
import { assignedLive } from "../live/rule-live";
import { assignmentNotice, noticeStatements, notifyReads } from "../notifications/notification-store";
import type { NotifyChange } from "../notifications/recipients";
import { getTenant, type Tenant } from "../tenancy/tenant";
import type { MailSettings } from "./mailer";
import { statusAfterCustomerMessage } from "../tickets/ticket-rules";
import { createTicketStatements, messageStatements, ticketFrom, ticketQuery, triggeredStatements } from "../tickets/ticket-store";
import { planEventHooks } from "../rules/ticket-event-hooks";
import { triggerReads } from "../rules/trigger-reads";
import { storedEvent, triggerReadsForNew } from "../tickets/ticket-triggers";
import { LOOP_MARKER } from "./acknowledgement";
import { parseMail } from "./parse-mail";
import { DEFAULT_ATTACHMENT_LIMITS, type AttachmentLimits } from "./attachment-plan";
import { attachmentStatements, storeAttachments } from "./inbound-attachments";
import { messageContent } from "./inbound-content";
import { arrivalAddress, forwardingCheckClaim, originalRecipients, verifyClaim } from "./address-claims";
import { autoMailInputOf, classifyAutomaticMail, type AutoMailVerdict } from "./auto-mail";
import { contentFingerprint } from "./content-fingerprint";
import { bouncedMessageIds } from "./bounce";
import { envelopeOf, getInbound, logDelivery, rawKeyOf, recordInbound, settleStatements, type Envelope, type InboundMessage } from "./inbound-store";
import { copiedPeople, inboundMailOf, type InboundMail, type Mailbox } from "./inbound-mail";
import { aboutClosedTicket, automaticDetail, bounceMarked, filedOutcome, forwardingChecked, senderless, spam, unparseable, type Settlement } from "./inbound-outcome";
import { spamVerdict } from "./spam-verdict";
import { participantStatements } from "../tickets/participants";
import { markBounced, type OutboundRecord } from "./outbox";
import { blockListMatchQuery } from "./spam-settings";
import { addressGroupsQuery, ensureBuiltInAddress, findSupportAddress, workspaceAddressesQuery, type SupportAddress } from "./support-addresses";
import { autoAssignOnCreate, autoAssignReadsForCreate } from "../assignment/ticket-assignment";
import { promisedFrom } from "../sla/promised-reply";
import { newTicketSlaContext, recordBlocked, slaContextFrom, slaSettingsReads, slaWriteReads } from "../sla/ticket-sla";
import { describeError } from "../work/failure-boundary";
import { clearWork, recordFailure, type WorkRef } from "../work/work-items";
import type { Counter } from "../auth/rate-limit";
import { ackAllowed, ackCounter, ackWindowQuery, acknowledgementStatements } from "./ticket-acknowledgement";
import { mailLanguage } from "./mail-language";
import { threadCandidateReads, threadCandidatesFrom } from "./thread-lookup";
import { decideThread, normalizeMessageId, type ThreadDecision } from "./threading";

/** The largest message accepted (Cloudflare Email Routing's own limit). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface IngestDeps {
  db: Db;
  blobs: R2Bucket;
  mail: MailSettings;
  attachmentLimits?: AttachmentLimits;
  /** The workspaces' live updates (set by the entry point). */
  live?: LiveHub;
  /** The entry point's `waitUntil`: with it, a trigger's mail goes to the mailer right after the mail is filed (mail-hand-over.ts); without (the cron's retries), the cron's mail step sends it. */
  later?: (promise: Promise<unknown>) => void;
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

/**
 * Processes a recorded message (also used to re-process a quarantined or spam-flagged one), as a
 * sequence of steps (docs/email.md, "What happens to a message"). Decisions are pure functions;
 * each query belongs to its store. Every way out settles the inbound record and logs the delivery.
 */
export async function processInbound(
  deps: IngestDeps,
  tenant: Tenant,
  channel: SupportAddress,
  inbound: InboundMessage,
  raw: Uint8Array,
  now = new Date(),
  options: { skipSpamCheck?: boolean } = {},
): Promise<IngestResult> {
  const scope: TenantScope = {
    db: deps.db,
    tenantId: tenant.id,
    live: deps.live?.(tenant.id),
    outbox: deps.later && { mailer: deps.mail.mailer, later: deps.later },
    // As the address lookup read it (a tenant row read earlier, by the cron's retry, is as good: its settings are read after it).
    settingsVersion: tenant.settingsVersion,
  };
  const settle = settler(scope, inbound, now);
  // 1. Parse; a message the parser refuses is quarantined.
  const parsed = await parseMail(raw).catch((error: unknown) => ({ unparseable: error }));
  if ("unparseable" in parsed) return settle(unparseable(parsed.unparseable));
  // 2. What it says (pure); 3. everything the decisions need, in one round trip.
  const mail = inboundMailOf(parsed, envelopeOf(inbound), channel);
  const ack = await ackCounter(tenant.id, mail.sender?.address ?? "");
  const read = await readContext(scope, mail, ack);
  // 4. A returning forwarding check verifies its claim; other mail may arrive through (and verify) a claimed address.
  const checked = forwardingCheckClaim(read.ownAddresses, mail.verification);
  if (checked) return settle(forwardingChecked(checked.address, await verifyClaim(deps.db, checked, now)), mail.summary);
  const arrivedVia = await arrivalAddress(deps.db, channel, read.ownAddresses, originalRecipients(parsed), now);
  // 5. Spam: the block list or the score header.
  const spamReason = options.skipSpamCheck ? null : spamVerdict(tenant, read.blocked[0]?.pattern ?? null, parsed);
  if (spamReason) return settle(spam(spamReason), mail.summary);
  // 6. Automatic mail; a bounce marks the sent messages it names.
  const verdict = classifyAutomaticMail(autoMailInputOf(parsed, { envelopeFrom: inbound.envelopeFrom, ownAddresses: read.ownAddresses.map((a) => a.address), loopMarker: LOOP_MARKER }));
  const bounced = verdict.bounce ? await markBounced(scope, bouncedMessageIds(parsed), parsed.subject, now) : [];
  if (bounced.length) return settle(bounceMarked(bounced.length), { ...mail.summary, ticketId: bounced[0]!.ticketId });
  if (!mail.sender) return settle(senderless(verdict), mail.summary);
  // 7. Thread: the ticket it belongs to, if any (pure).
  const decision = decideThread(threadCandidatesFrom(read, mail.clues), verdict.automatic, { newSubjectNewTicket: tenant.newSubjectNewTicket, subject: parsed.subject });
  if (decision.kind === "store_only") return settle(aboutClosedTicket(verdict), { ...mail.summary, ticketId: decision.ticketId });
  // 8. Plan the new ticket or the reply (its files go to R2 first); 9. write it all in one batch; 10. publish.
  const filing = await planFiling(deps, scope, { tenant, inbound, raw, parsed, mail: { ...mail, sender: mail.sender }, read, verdict, decision, arrivedVia, ack }, now);
  const results = await runBatch(deps.db, filing.statements);
  const acknowledgement = filing.acknowledgement?.(results);
  if (!acknowledgement) handOverCommitted(scope, filing.statements, now);
  publishLive(scope, [...filing.live, ...assignedLive(results, filing.ticketId, now)]);
  // 11. Derived work, each behind its own failure boundary: the mail is filed from here on.
  await recordBlocked(scope, filing.ticketId, filing.blockedBy, now);
  if (acknowledgement) await sendAcknowledgement(deps, scope, acknowledgement, filing.statements, now);
  return filing.result;
}

/** Ends processing without filing anything: the inbound record settled and the delivery logged, in one round trip. */
function settler(scope: TenantScope, inbound: InboundMessage, now: Date) {
  return async (settlement: Settlement, fields: Partial<InboundMessage> = {}): Promise<IngestResult> => {
    await runBatch(scope.db, settleStatements(scope, inbound, settlement, fields, now));
    return { outcome: settlement.outcome, inboundId: inbound.id, detail: settlement.detail, ...(fields.ticketId ? { ticketId: fields.ticketId } : {}) };
  };
}

/**
 * Step 3, one round trip: the workspace's addresses, the block list entries for the sender, the
 * customer, the tickets the clues point at, what a new ticket's SLA depends on, the sender's
 * acknowledgement window and who is notified.
 */
function readContext(scope: TenantScope, mail: InboundMail, ack: Counter) {
  return readAll(scope.db, {
    ownAddresses: settingsRead(scope, "ownAddresses", () => workspaceAddressesQuery(scope)),
    blocked: blockListMatchQuery(scope, mail.sender?.address ?? null),
    customer: customerByEmailQuery(scope, mail.sender?.address ?? ""),
    ...threadCandidateReads(scope, mail.clues),
    ...slaSettingsReads(scope),
    ackWindow: ackWindowQuery(scope.db, ack),
    ...notifyReads(scope),
    // A new ticket lands in its address's group: automatic assignment reads the addresses' groups.
    ...autoAssignReadsForCreate(scope, { groupId: addressGroupsQuery(scope), assigneeId: null }, null),
    ...triggerReadsForNew(scope, { email: mail.sender?.address ?? "" }),
  });
}

type InboundContext = Awaited<ReturnType<typeof readContext>>;

interface FilingInput {
  tenant: Tenant;
  inbound: InboundMessage;
  raw: Uint8Array;
  parsed: Email;
  mail: InboundMail & { sender: Mailbox };
  read: InboundContext;
  verdict: AutoMailVerdict;
  decision: Exclude<ThreadDecision, { kind: "store_only" }>;
  arrivedVia: SupportAddress;
  /** The sender's acknowledgement counter. */
  ack: Counter;
}

interface Filing {
  statements: Statement[];
  live: LiveEvent[];
  ticketId: string;
  blockedBy: string | null;
  /** The acknowledgement recorded in the batch, found in its results (to send). */
  acknowledgement: ((results: readonly unknown[]) => OutboundRecord | undefined) | null;
  result: IngestResult;
}

/**
 * Step 8, the batch that files the mail: the customer (created with the ticket when new), the
 * message appended to its ticket (one more read for that ticket) or a new ticket, its files, the
 * people copied, the inbound record settled and the delivery logged, the acknowledgement (a new
 * ticket's, recorded as mail), the notices.
 */
async function planFiling(deps: IngestDeps, scope: TenantScope, input: FilingInput, now: Date): Promise<Filing> {
  const { tenant, inbound, raw, parsed, read, verdict, decision, arrivedVia, ack } = input;
  const { sender, recipients, summary, clues } = input.mail;
  const ownSet = new Set(read.ownAddresses.map((a) => a.address));
  const detail = automaticDetail(verdict);
  // A customer known by this address, or a new one created in the same batch as the ticket.
  const known = read.customer[0];
  const newCustomer = known ? null : newCustomerFor(sender.address, sender.name || undefined);
  const customer = { id: known?.id ?? newId("cus", now.getTime()), name: known?.name ?? newCustomer!.name, tier: known?.tier ?? newCustomer!.tier };
  const messageRowId = newId("msg", now.getTime());
  const files = await storeAttachments(deps.blobs, scope, inbound.id, parsed, deps.attachmentLimits ?? DEFAULT_ATTACHMENT_LIMITS);
  const message = messageContent(parsed, raw, files.urlOfContentId, { id: messageRowId, sender, automatic: verdict.automatic, inboundId: inbound.id, threadKey: clues.threadKey });
  const actor: Actor = { type: "customer", id: customer.id };
  // A new ticket's subject (and its acknowledgement's).
  const subject = parsed.subject?.trim() || "(no subject)";

  let ticketId: string;
  let blockedBy: string | null;
  let promised = "as soon as possible";
  let live: LiveEvent;
  /** The triggers' notices (rulesLive). */
  let ruleNotices: LiveEvent[];
  let notice: NotifyChange | null;
  const statements: Statement[] = newCustomer ? newCustomerStatements(scope, customer.id, newCustomer, now) : [];
  if (decision.kind === "append") {
    // The ticket it belongs to, with its own SLA context: one more round trip.
    const current = await readAll(deps.db, { ticket: ticketQuery(scope, decision.ticketId), ...slaWriteReads(scope, decision.ticketId), ...triggerReads(scope, { ticketId: decision.ticketId }) });
    const ticket = ticketFrom(current.ticket);
    ticketId = ticket.id;
    const status = verdict.automatic ? ticket.status : statusAfterCustomerMessage(ticket.status);
    // A person's own message makes a ticket automatic mail started into work.
    const planned = messageStatements(scope, actor, ticket, message, verdict.automatic ? { status } : { status, automatic: false }, now, slaContextFrom(current));
    blockedBy = planned.blockedBy;
    live = planned.live;
    notice = { kind: "customer_replied", assigneeId: ticket.assigneeId };
    const hooks = verdict.automatic ? null : planEventHooks(scope, current, storedEvent("customer_replied", planned.after, message.bodyText, [], message), now);
    ruleNotices = hooks?.live ?? [];
    statements.push(...planned.statements, ...triggeredStatements(scope, ticketId, hooks, now));
  } else {
    const context = newTicketSlaContext(read, customer.tier);
    const created = createTicketStatements(
      scope,
      actor,
      {
        subject,
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
      read,
    );
    ticketId = created.ticketId;
    blockedBy = created.blockedBy;
    live = created.live;
    ruleNotices = created.rulesLive;
    notice = assignmentNotice(read, { assigneeId: null, groupId: arrivedVia.defaultGroupId });
    promised = promisedFrom(created.sla, context);
    // Automatic assignment in the same write (the address's group; a trigger's change of group or assignee, earlier in the batch, wins).
    const assigned = autoAssignOnCreate(scope, read, { id: ticketId, groupId: arrivedVia.defaultGroupId, assigneeId: null, status: "new", priority: arrivedVia.defaultPriority, automatic: verdict.automatic, tags: [], createdAt: now }, { tier: customer.tier, language: known?.language ?? null }, now);
    statements.push(...created.statements, ...assigned.statements);
  }
  const outcome = filedOutcome(verdict.automatic, decision);
  const owesAck = outcome === "ticket_created" && arrivedVia.autoAckEnabled && ackAllowed(read.ackWindow, now);
  statements.push(
    ...attachmentStatements(scope, files, ticketId, messageRowId, now),
    ...participantStatements(scope, ticketId, copiedPeople(recipients, [sender.address, ...ownSet]), now),
    ...settleStatements(scope, inbound, { outcome, status: verdict.automatic ? "automatic" : "processed", detail }, { ...summary, ticketId, messageId: messageRowId, supportAddressId: arrivedVia.id }, now),
  );
  const notices = noticeStatements(scope, read, [verdict.automatic ? null : notice], ticketId, actor, now);
  statements.push(...notices.statements);
  let acknowledgement: Filing["acknowledgement"] = null;
  if (owesAck) {
    // In the customer's mail language; the number is the batch's (acknowledgementStatements).
    const language = mailLanguage({ stored: known?.language ?? null, text: `${subject}\n${message.bodyText}` }, tenant.defaultLanguage);
    const request = { tenant, channel: arrivedVia, ticket: { id: ticketId, subject }, customerName: customer.name, to: sender.address, inReplyTo: parsed.messageId, promised, language };
    const planned = acknowledgementStatements(deps.db, deps.mail, request, ack, now);
    statements.push(...planned.statements);
    acknowledgement = planned.recorded;
  }
  return { statements, live: [live, ...notices.live, ...ruleNotices], ticketId, blockedBy, acknowledgement, result: { outcome, inboundId: inbound.id, ticketId, ...(detail ? { detail } : {}) } };
}

/**
 * Step 11: sends the acknowledgement recorded with the new ticket, with the triggers' mail of the
 * same batch, their outcomes recorded in one round trip. Never throws: a failed send is recorded
 * (the outbox retries it), and if even that cannot be recorded the message stays queued for the
 * cron's mail step, which picks it up after the first attempt's grace period.
 */
async function sendAcknowledgement(deps: IngestDeps, scope: TenantScope, acknowledgement: OutboundRecord, committed: readonly unknown[], now: Date) {
  try {
    await deliverWithHandedOver(deps.db, deps.mail.mailer, acknowledgement, committed, now);
  } catch (error) {
    console.error(JSON.stringify({ event: "acknowledgement_not_recorded", tenant: scope.tenantId, outboundId: acknowledgement.id, error: describeError(error) }));
  }
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

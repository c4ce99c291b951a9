import { and, asc, eq, getTableColumns, gt, inArray, isNull, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { messages } from "../../../schema";
import { AppError, invalidField } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import type { MessageRow } from "./ticket-store";

/** At most this many newer messages come back with a refused reply (the app shows them all). */
const NEWER_SHOWN = 20;

/**
 * "Safe send": a public reply written while the agent read the ticket up to `seenMessageId` (null:
 * the ticket had no messages) is refused when the customer wrote, or another agent replied
 * publicly, after that message. Two reads, in the reply's own read batch: whether the message
 * seen is on this ticket, and what came after it.
 */
export function newerMessageReads(scope: TenantScope, ticketId: string, agentId: string, seenMessageId: string | null | undefined) {
  if (seenMessageId === undefined) return {};
  const { db, tenantId } = scope;
  const onTicket = and(eq(messages.tenantId, tenantId), eq(messages.ticketId, ticketId));
  const fromOthers = and(inArray(messages.kind, ["customer", "reply"]), or(isNull(messages.authorUserId), ne(messages.authorUserId, agentId)));
  if (seenMessageId === null) return { newerMessages: db.select().from(messages).where(and(onTicket, fromOthers)).orderBy(asc(messages.createdAt), asc(messages.id)).limit(NEWER_SHOWN) };
  const seen = alias(messages, "seen");
  return {
    seenMessage: db.select({ id: messages.id }).from(messages).where(and(onTicket, eq(messages.id, seenMessageId))),
    newerMessages: db
      .select(getTableColumns(messages))
      .from(messages)
      .innerJoin(seen, and(eq(seen.tenantId, messages.tenantId), eq(seen.ticketId, messages.ticketId), eq(seen.id, seenMessageId)))
      .where(and(onTicket, fromOthers, or(gt(messages.createdAt, seen.createdAt), and(eq(messages.createdAt, seen.createdAt), gt(messages.id, seen.id)))))
      .orderBy(asc(messages.createdAt), asc(messages.id))
      .limit(NEWER_SHOWN),
  };
}

/**
 * Refuses the reply when the message seen is not on the ticket (422) or something newer came
 * (409 `newer_messages`, the messages in `current`). Sending again with the newest of them as
 * `seenMessageId` is how the agent sends anyway.
 */
export function assertNothingNewer(seenMessageId: string | null | undefined, read: { seenMessage?: { id: string }[]; newerMessages?: MessageRow[] }) {
  if (seenMessageId === undefined || !read.newerMessages) return;
  if (seenMessageId !== null && read.seenMessage?.length === 0) throw invalidField("body.seenMessageId", "unknown_message", "seenMessageId is not a message of this ticket");
  if (read.newerMessages.length > 0) throw new NewerMessagesError(read.newerMessages);
}

/** 409 `newer_messages`: the reply was not sent; `messages` are what the agent has not seen (the API shows them in `current`). */
export class NewerMessagesError extends AppError {
  constructor(readonly messages: MessageRow[]) {
    super(409, "newer_messages", "New messages arrived on the ticket since you read it; read them, then send again with the newest as seenMessageId");
  }
}

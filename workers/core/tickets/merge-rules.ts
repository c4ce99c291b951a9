import type { TicketStatus } from "../../../schema";
import { AppError, ticketMergeError } from "../errors";
import { formatTicketRef } from "./ticket-ref";
import { assertNotClosed, normalizeTags } from "./ticket-rules";

/** What the merge rules look at in a ticket. */
export interface MergeSide {
  id: string;
  number: number;
  status: TicketStatus;
  mergedIntoId: string | null;
  tags: string[];
}

/** The most tickets one merge takes (one read and one write batch for all of them). */
export const MAX_MERGE_SOURCES = 10;

/** The source ids, each once, in the order given; a ticket merged into itself is refused (422). */
export function distinctSources(targetId: string, sourceIds: readonly string[]): string[] {
  if (sourceIds.includes(targetId)) throw ticketMergeError(422, "ticket_merge_self", "A ticket cannot be merged into itself", "sourceIds");
  return [...new Set(sourceIds)];
}

/**
 * Whether the merge may go ahead (throws otherwise): neither side is closed (409
 * `ticket_closed`), no source was merged already (409 `ticket_already_merged`) and the target
 * was not merged into another ticket (409 `ticket_merge_target_merged`: merge into that one).
 */
export function checkMerge(target: MergeSide, sources: readonly MergeSide[]): void {
  if (target.mergedIntoId) throw ticketMergeError(409, "ticket_merge_target_merged", `${formatTicketRef(target.number)} was merged into another ticket; merge into that one`);
  for (const source of sources) if (source.mergedIntoId) throw alreadyMerged(source);
  for (const side of [target, ...sources]) assertNotClosed(side.status);
}

const alreadyMerged = (source: MergeSide) => ticketMergeError(409, "ticket_already_merged", `${formatTicketRef(source.number)} was already merged into another ticket`);

/** Why one source of a bulk merge stays out of it: not in this workspace, or refused with the code a single merge would answer. */
export type SkippedSource = { id: string; result: "not_found" } | { id: string; result: "refused"; code: string; message: string };

/**
 * A bulk merge's sources sorted (`sources[i]` is `ids[i]`'s ticket, null when the workspace has
 * none): those that may merge, in order, and each other with why — missing (`not_found`), merged
 * already or closed (`refused`). The target's own checks still throw, as a single merge's do.
 */
export function mergeableSources<S extends MergeSide>(target: MergeSide, ids: readonly string[], sources: readonly (S | null)[]): { merge: S[]; skipped: SkippedSource[] } {
  checkMerge(target, []);
  const merge: S[] = [];
  const skipped: SkippedSource[] = [];
  ids.forEach((id, i) => {
    const source = sources[i];
    if (!source) return skipped.push({ id, result: "not_found" });
    try {
      if (source.mergedIntoId) throw alreadyMerged(source);
      assertNotClosed(source.status);
      merge.push(source);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ id, result: "refused", code: error.code, message: error.message });
    }
  });
  return { merge, skipped };
}

/** The target's tags after the merge: its own and every source's, each once, sorted. */
export function mergedTags(target: readonly string[], sources: readonly (readonly string[])[]): string[] {
  return normalizeTags([...target, ...sources.flat()]);
}

const HAN = /\p{Script=Han}/u;

/**
 * What the target says about the merge: an internal note for the agents, or — when the requester
 * is told — the public message they get (in Chinese when the ticket's subject is Chinese).
 */
export function mergeMessageText(target: { number: number; subject: string }, sources: readonly { number: number }[], forRequester: boolean): string {
  const refs = sources.map((s) => formatTicketRef(s.number)).join(", ");
  const here = formatTicketRef(target.number);
  if (!forRequester) return `Merged ${refs} into ${here}: their messages, tags and CCs are now on this ticket.`;
  if (HAN.test(target.subject)) return `您的请求 ${refs} 已合并到 ${here}，我们会在这里继续处理。回复本邮件即可。`;
  return `Your request ${refs} has been merged into ${here}. We will continue here; simply reply to this email.`;
}

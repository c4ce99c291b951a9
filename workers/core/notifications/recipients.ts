import type { NotificationKind } from "../../../schema";

/** An active agent of the workspace, as the notification rules see them. */
export interface DirectoryEntry {
  id: string;
  name: string;
  email: string;
}

/** Without a group, a new unassigned ticket tells at most this many agents (the first by name). */
export const NEW_TICKET_RECIPIENTS_CAP = 50;

/** A change that may tell agents something, with what its rule needs. */
export type NotifyChange =
  /** A new ticket nobody is assigned to: its group's members, or every agent when it has no group. */
  | { kind: "new_ticket"; groupMemberIds: readonly string[] | null }
  | { kind: "assigned"; assigneeId: string }
  | { kind: "customer_replied"; assigneeId: string | null }
  | { kind: "mention"; body: string }
  | { kind: "sla_warning" | "sla_breach" | "bad_rating"; assigneeId: string | null }
  /** A rule's `notify` action: the people it chose (rule-notice.ts), its words and the rule's name. */
  | { kind: "rule"; userIds: readonly string[]; text: string; ruleName: string };

/**
 * Who is told about `change`: only active agents of the workspace (`directory`), never the
 * actor, each once, in the directory's order.
 */
export function recipientsFor(change: NotifyChange, directory: readonly DirectoryEntry[], actorId: string | null): string[] {
  const wanted = new Set(candidates(change, directory));
  const chosen = directory.filter((entry) => wanted.has(entry.id) && entry.id !== actorId).map((entry) => entry.id);
  const unique = [...new Set(chosen)];
  return change.kind === "new_ticket" && change.groupMemberIds === null ? unique.slice(0, NEW_TICKET_RECIPIENTS_CAP) : unique;
}

function candidates(change: NotifyChange, directory: readonly DirectoryEntry[]): readonly string[] {
  switch (change.kind) {
    case "new_ticket":
      return change.groupMemberIds ?? directory.map((entry) => entry.id);
    case "mention":
      return mentionedUsers(change.body, directory);
    case "rule":
      return change.userIds;
    case "assigned":
    case "customer_replied":
    case "sla_warning":
    case "sla_breach":
    case "bad_rating":
      return change.assigneeId ? [change.assigneeId] : [];
  }
}

/** After a mention, a letter, digit or one of these continues a longer name or address. */
const CONTINUES = /[A-Za-z0-9_]/;

/**
 * The agents an internal note mentions: `@` followed by an agent's address or name (any case);
 * where several names fit (`@Li` and `@Li Wei`), the longest. A name must not run on into a
 * longer Latin word (`@Anna` is not `@Annabel`); a CJK name may be followed by anything.
 */
export function mentionedUsers(body: string, directory: readonly DirectoryEntry[]): string[] {
  const text = body.toLowerCase();
  const found: string[] = [];
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    let best: { id: string; length: number } | null = null;
    for (const entry of directory)
      for (const handle of [entry.email, entry.name]) {
        const h = handle.trim().toLowerCase();
        if (!h || !text.startsWith(h, at + 1)) continue;
        const next = text.charAt(at + 1 + h.length);
        if (next && CONTINUES.test(next) && CONTINUES.test(h.charAt(h.length - 1))) continue;
        if (!best || h.length > best.length) best = { id: entry.id, length: h.length };
      }
    if (best) found.push(best.id);
  }
  return [...new Set(found)];
}

/** The kinds whose email a user can turn off (every kind; in-app notices are always on). */
export function emailWanted(kind: NotificationKind, emailOff: readonly string[]): boolean {
  return !emailOff.includes(kind);
}

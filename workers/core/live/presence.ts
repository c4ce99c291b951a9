/**
 * Presence in a live workspace, as pure state transitions: each open connection (a browser tab)
 * says which ticket it views and whether its agent is typing a reply there. Typing is a lease
 * that runs out unless renewed, so a tab that stops sending (closed lid, lost network) stops
 * "typing" within seconds even before its socket is found dead.
 */

/** How long one typing signal lasts; the app renews it while the agent types. */
export const TYPING_TTL_MS = 6_000;

/**
 * How long a connection lives before it must connect (and so authenticate) again: a session
 * signed out or revoked elsewhere stops hearing the workspace within this time. Sessions last an
 * hour and the app renews them; it reconnects at once.
 */
export const CONNECTION_TTL_MS = 60 * 60_000;

/** One connection's presence (kept on its socket, so it survives the Durable Object's hibernation). */
export interface Presence {
  userId: string;
  name: string;
  ticketId: string | null;
  /** Epoch ms until which the agent counts as typing; null: not typing. */
  typingUntil: number | null;
  /** Epoch ms after which the connection is closed, to be opened (authenticated) again. */
  reconnectAt: number;
}

/** What a connection says about itself. */
export type PresenceSignal = { type: "view"; ticketId: string | null } | { type: "typing"; typing: boolean };

/** What agents are shown: one entry per agent and ticket viewed (ticketId null: in the workspace, on no ticket). */
export interface Viewer {
  userId: string;
  name: string;
  ticketId: string | null;
  typing: boolean;
}

export const joined = (user: { userId: string; name: string }, now: number): Presence => ({ userId: user.userId, name: user.name, ticketId: null, typingUntil: null, reconnectAt: now + CONNECTION_TTL_MS });

/** The connection has lived its time (`CONNECTION_TTL_MS`). */
export const mustReconnect = (presence: Presence, now: number) => presence.reconnectAt <= now;

/** A connection's presence after its signal: a new ticket ends typing; typing needs a ticket. */
export function applySignal(presence: Presence, signal: PresenceSignal, now: number): Presence {
  if (signal.type === "view") return presence.ticketId === signal.ticketId ? presence : { ...presence, ticketId: signal.ticketId, typingUntil: null };
  if (signal.typing && presence.ticketId !== null) return { ...presence, typingUntil: now + TYPING_TTL_MS };
  return presence.typingUntil === null ? presence : { ...presence, typingUntil: null };
}

export const isTyping = (presence: Presence, now: number) => presence.typingUntil !== null && presence.typingUntil > now;

/** The presence with a run-out typing lease cleared (the same object when nothing changes). */
export const expireTyping = (presence: Presence, now: number): Presence =>
  presence.typingUntil !== null && !isTyping(presence, now) ? { ...presence, typingUntil: null } : presence;

/** When the next typing lease runs out or the next connection must reconnect (epoch ms), or null: the Durable Object's next alarm. */
export function nextExpiry(presences: readonly Presence[]): number | null {
  const times = presences.flatMap((p) => (p.typingUntil === null ? [p.reconnectAt] : [p.typingUntil, p.reconnectAt]));
  return times.length ? Math.min(...times) : null;
}

/** The shown presence: an agent's tabs on one ticket are one entry, typing if any of them types; sorted. */
export function presenceView(presences: readonly Presence[], now: number): Viewer[] {
  const byKey = new Map<string, Viewer>();
  for (const p of presences) {
    const key = `${p.userId}\u0000${p.ticketId ?? ""}`;
    const seen = byKey.get(key);
    byKey.set(key, { userId: p.userId, name: p.name, ticketId: p.ticketId, typing: (seen?.typing ?? false) || isTyping(p, now) });
  }
  return [...byKey.values()].sort((a, b) => (a.ticketId ?? "").localeCompare(b.ticketId ?? "") || a.userId.localeCompare(b.userId));
}

export function sameView(a: readonly Viewer[], b: readonly Viewer[]): boolean {
  return a.length === b.length && a.every((v, i) => v.userId === b[i]!.userId && v.ticketId === b[i]!.ticketId && v.typing === b[i]!.typing && v.name === b[i]!.name);
}

import { z } from "zod";
import type { LiveEvent } from "./live-events";
import type { PresenceSignal, Viewer } from "./presence";

/**
 * The live socket's messages. The server sends the workspace's presence (whenever what is shown
 * changes, and once on connecting) and batches of committed changes; the app sends its own
 * presence signals, and the text `ping` (answered `pong` without waking the Durable Object).
 */
export type ServerMessage = { type: "presence"; viewers: Viewer[] } | { type: "events"; events: LiveEvent[] };

export const PING = "ping";
export const PONG = "pong";

/** An event addressed to particular agents (it names them in `userIds`), e.g. a notice. */
const addressees = (event: LiveEvent): readonly string[] | null => ("userIds" in event ? (event as { userIds: readonly string[] }).userIds : null);
export const isAddressed = (event: LiveEvent) => addressees(event) !== null;

/** The events one agent is sent: every event, except those addressed to other agents. */
export function eventsFor(events: readonly LiveEvent[], userId: string): LiveEvent[] {
  return events.filter((event) => addressees(event)?.includes(userId) ?? true);
}

/** A signal larger than this is not a signal. */
const MAX_SIGNAL_CHARS = 512;

const Signal = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("view"), ticketId: z.string().min(1).max(64).nullable() }),
  z.strictObject({ type: z.literal("typing"), typing: z.boolean() }),
]);

/** A client's signal, or null for anything else (ignored, never an error that could wake work). */
export function parseSignal(text: string | ArrayBuffer): PresenceSignal | null {
  if (typeof text !== "string" || text.length > MAX_SIGNAL_CHARS) return null;
  try {
    const parsed = Signal.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

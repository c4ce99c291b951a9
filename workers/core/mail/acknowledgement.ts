import type { Limit } from "../auth/rate-limit";
import { renderTemplate, type PlaceholderValues } from "../tickets/templates";

/** Kefu names itself in X-Loop on automatic mail, so mail carrying it back is recognised as a loop. */
export const LOOP_MARKER = "kefu";

/** Headers on every automatic message Kefu sends (RFC 3834), so other systems do not answer it. */
export const AUTOMATIC_MAIL_HEADERS = { "Auto-Submitted": "auto-replied", "X-Loop": LOOP_MARKER, "X-Auto-Response-Suppress": "All" };

/** At most this many acknowledgements to one sender per hour: two auto-responders cannot loop for long. */
export const ACKS_PER_SENDER: Limit = { name: "ack-sender", limit: 3, windowSeconds: 60 * 60 };

export function composeAcknowledgement(template: { subject: string; body: string }, values: PlaceholderValues) {
  return { subject: renderTemplate(template.subject, values).replace(/\s+/g, " ").trim(), text: `${renderTemplate(template.body, values).trimEnd()}\n` };
}

import type { Email } from "postal-mime";
import type { Tenant } from "../tenancy/tenant";
import { headerValue } from "./inbound-mail";

/**
 * Why a message is spam for this workspace, or null: the block list entry that matched its
 * sender (spam-settings.ts finds it), else its spam-score header at or above the workspace's
 * threshold (no threshold: never). Pure.
 */
export function spamVerdict(settings: Pick<Tenant, "spamScoreHeader" | "spamScoreThreshold">, blockedBy: string | null, parsed: Pick<Email, "headers">): string | null {
  if (blockedBy) return `Sender is on the block list (${blockedBy})`;
  const score = Number.parseFloat(headerValue(parsed, settings.spamScoreHeader.toLowerCase()) ?? "");
  if (settings.spamScoreThreshold !== null && Number.isFinite(score) && score >= settings.spamScoreThreshold)
    return `Spam score ${score} is at or above the workspace's threshold ${settings.spamScoreThreshold}`;
  return null;
}

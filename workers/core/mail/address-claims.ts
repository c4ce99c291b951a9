import { and, eq, isNull, sql } from "drizzle-orm";
import { addressParser, type Address, type Email } from "postal-mime";
import { supportAddresses } from "../../../schema";
import { isUniqueViolation, type Db } from "../db";
import { droppingPlusTag } from "./plus-tag";
import type { SupportAddress } from "./support-addresses";

/**
 * Who may receive mail for a custom address. Any workspace may *claim* one (several may claim the
 * same address); a claim routes nothing until it is *verified*, and the first claim verified
 * wins: a verified address is unique across the service (a partial unique index), so no other
 * claim can verify after it. A claim is verified by
 * - the forwarding check coming back (the secret `X-Kefu-Verification` sent to the address), or
 * - the first mail forwarded from it: mail arriving at this workspace's built-in address (the
 *   `forwardTo` of the claim) whose original-recipient headers name the custom address.
 * Mail sent to the custom address itself proves nothing (nobody forwarded it): it is routed only
 * to the workspace holding the verified claim.
 */

/** Headers a forwarding server leaves naming the address the mail was first sent to. */
const ORIGINAL_RECIPIENT_HEADERS = ["delivered-to", "x-forwarded-to", "x-original-to"];

/** `a+tag@x` → `a@x`, lower-case. */
export const withoutPlusTag = (address: string) => droppingPlusTag(address.trim().toLowerCase());

function mailboxes(list: readonly Address[]): string[] {
  return list.flatMap((a) => (a.group ? a.group : [a])).flatMap((a) => (a.address?.includes("@") ? [withoutPlusTag(a.address)] : []));
}

/** Every address a message names as its recipient: To, Cc, Delivered-To, X-Forwarded-To, X-Original-To (lower-case, `+tag` removed). */
export function originalRecipients(parsed: Pick<Email, "to" | "cc" | "headers">): string[] {
  const traced = parsed.headers.filter((h) => ORIGINAL_RECIPIENT_HEADERS.includes(h.key)).flatMap((h) => addressParser(h.value));
  return [...new Set(mailboxes([...(parsed.to ?? []), ...(parsed.cc ?? []), ...traced]))];
}

/**
 * The custom addresses of a workspace that forwarded mail it got at its built-in address: those
 * among `recipients`, verified claims first. Pure.
 */
export function forwardingClaims(own: readonly SupportAddress[], recipients: readonly string[]): SupportAddress[] {
  const named = own.filter((a) => !a.builtIn && recipients.includes(a.address));
  return [...named.filter((a) => a.verifiedAt), ...named.filter((a) => !a.verifiedAt)];
}

/** The workspace's claim a returning forwarding check names by its secret (`X-Kefu-Verification`), if any. Pure. */
export function forwardingCheckClaim(own: readonly SupportAddress[], code: string | undefined): SupportAddress | undefined {
  return code ? own.find((a) => a.verificationCode === code.trim()) : undefined;
}

/**
 * Verifies a claim unless another workspace's claim on the address is verified already (then
 * false). Safe under races: the partial unique index lets only one claim per address be verified.
 */
export async function verifyClaim(db: Db, claim: SupportAddress, now: Date): Promise<boolean> {
  if (claim.verifiedAt) return true;
  try {
    const won = await db
      .update(supportAddresses)
      .set({ verifiedAt: now, lastReceivedAt: now, updatedAt: now })
      .where(
        and(
          eq(supportAddresses.id, claim.id),
          isNull(supportAddresses.verifiedAt),
          sql`not exists (select 1 from ${supportAddresses} as other where other.address = ${claim.address} and other.verified_at is not null)`,
        ),
      )
      .returning({ id: supportAddresses.id });
    return won.length > 0;
  } catch (error) {
    if (isUniqueViolation(error, "support_addresses.address")) return false;
    throw error;
  }
}

/**
 * The support address a message arrived through. Mail routed to a custom address directly
 * (only a verified one routes) is that address. Mail at the built-in address was forwarded from
 * the custom address its recipient headers name, if this workspace claims it: a verified claim,
 * or one this very message verifies (the first forwarded mail). Otherwise the built-in address.
 */
export async function arrivalAddress(db: Db, channel: SupportAddress, own: readonly SupportAddress[], recipients: readonly string[], now: Date): Promise<SupportAddress> {
  const touch = (a: SupportAddress) => db.update(supportAddresses).set({ lastReceivedAt: now }).where(eq(supportAddresses.id, a.id));
  if (!channel.builtIn) {
    await touch(channel);
    return channel;
  }
  for (const claim of forwardingClaims(own, recipients)) {
    if (claim.verifiedAt) {
      await touch(claim);
      return claim;
    }
    if (await verifyClaim(db, claim, now)) return { ...claim, verifiedAt: now, lastReceivedAt: now };
  }
  return channel;
}

/** Some other workspace holds the verified claim on this address. */
export async function verifiedElsewhere(db: Db, tenantId: string, address: string): Promise<boolean> {
  const holder = await db.query.supportAddresses.findFirst({
    where: and(eq(supportAddresses.address, address), sql`${supportAddresses.verifiedAt} is not null`),
    columns: { tenantId: true },
  });
  return Boolean(holder && holder.tenantId !== tenantId);
}

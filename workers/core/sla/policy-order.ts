/**
 * Where a new SLA policy goes in the order (pure: no I/O).
 *
 * Policies are tried in order and the first that matches applies, so a policy with no
 * conditions (a catch-all) ends the search: anything placed after an active catch-all never
 * applies. A new policy added "at the bottom" therefore goes just above the first active
 * catch-all — last among the specific policies — and a new catch-all goes last. Reordering
 * stays free (`PUT /sla-policies/order`); the admin page marks a policy that sits below an active
 * catch-all as shadowed, and the policy form says so before saving (the web app imports this
 * module: it imports nothing at run time).
 */
import type { PolicyConditions, SlaPolicy } from "./policy-match";

/** No condition set (every list absent or empty): the policy matches every ticket. */
export function isCatchAll(conditions: PolicyConditions): boolean {
  return Object.values(conditions).every((values) => !Array.isArray(values) || values.length === 0);
}

type Placed = Pick<SlaPolicy, "id" | "position" | "active" | "conditions">;

/** The order policies are tried in: ascending position, then id. */
export const byPosition = <P extends Pick<Placed, "id" | "position">>(policies: readonly P[]): P[] => [...policies].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The position a new policy takes when added at the bottom: the first active catch-all's (which,
 * with every policy from it on, moves down one), else after the last policy.
 */
export function bottomPosition(existing: readonly Placed[], incoming: PolicyConditions): number {
  const end = existing.reduce((max, p) => Math.max(max, p.position + 1), 0);
  if (isCatchAll(incoming)) return end;
  const firstCatchAll = byPosition(existing).find((p) => p.active && isCatchAll(p.conditions));
  return firstCatchAll ? firstCatchAll.position : end;
}

/** For each policy that can never apply because an active catch-all comes first: that catch-all's id. */
export function shadowedBy(policies: readonly Placed[]): Map<string, string> {
  const out = new Map<string, string>();
  let catchAll: string | null = null;
  for (const p of byPosition(policies)) {
    if (catchAll) out.set(p.id, catchAll);
    else if (p.active && isCatchAll(p.conditions)) catchAll = p.id;
  }
  return out;
}

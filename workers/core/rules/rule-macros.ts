import type { Action } from "./rule-schema";

/**
 * A rule's actions with each `apply_macro` followed by the macro's field actions, in its place
 * (triggers and automations alike; the macro's text is not used). The `apply_macro` stays, so a
 * macro that is gone is recorded as not applied.
 */
export function withMacroActions(actions: readonly Action[], macros: readonly { id: string; actions: readonly Action[] }[]): Action[] {
  const byId = new Map(macros.map((m) => [m.id, m]));
  return actions.flatMap((a) => (a.type === "apply_macro" && byId.has(a.macroId) ? [a, ...byId.get(a.macroId)!.actions.filter((m) => m.type !== "apply_macro")] : [a]));
}

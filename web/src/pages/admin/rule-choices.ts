import { api, data } from "../../api";
import type { RuleChoices } from "./trigger-condition-row";

const pairs = <T extends { id: string }>(items: readonly T[], name: (item: T) => string) => items.map((item) => [item.id, name(item)] as const);

/** The workspace's objects a trigger's or an automation's conditions and actions can name: groups, active agents, addresses, calendars, webhooks, shared macros. */
export async function loadRuleChoices(): Promise<RuleChoices> {
  const [groups, users, addresses, calendars, webhooks, macros] = await Promise.all([
    data(api.groups.$get()),
    data(api.users.$get()),
    data(api["support-addresses"].$get()),
    data(api["business-calendars"].$get()),
    data(api.webhooks.$get()),
    data(api.macros.$get()),
  ]);
  return {
    groups: pairs(groups.items, (g) => g.name),
    agents: pairs(
      users.items.filter((u) => u.active),
      (u) => u.name,
    ),
    addresses: pairs(addresses.items, (a) => a.address),
    calendars: pairs(calendars.items, (c) => c.name),
    webhooks: pairs(webhooks.items, (h) => h.name),
    // A rule applies shared macros only (a personal one is its owner's).
    macros: pairs(
      macros.items.filter((m) => m.shared),
      (m) => m.title,
    ),
  };
}

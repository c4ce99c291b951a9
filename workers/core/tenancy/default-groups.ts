import type { UserLanguage } from "../../../schema";

/**
 * The groups every new workspace starts with, for the usual tier-1 → tier-2 hand-over, named in
 * the language the owner signed up in. The descriptions say what the groups do and nothing
 * more: a new ticket goes to a group only when its support address routes it there (no group
 * takes every new ticket by itself), and the "tier escalation" SLA preset moves breached tickets
 * to the second group.
 */
const DEFAULT_GROUPS: Record<UserLanguage, readonly [DefaultGroup, DefaultGroup]> = {
  en: [
    { name: "Tier 1", description: "First line: answers customers first. To route new mail here, choose this group on a support address." },
    { name: "Tier 2", description: "Specialists: take the tickets tier 1 passes on; the tier-escalation SLA preset moves breached tickets here." },
  ],
  "zh-CN": [
    { name: "一线支持", description: "一线：最先答复客户。如需把新邮件分到本组，请在客服邮箱的设置中选择本组。" },
    { name: "二线支持", description: "专家：处理一线转交的工单；SLA 预设“标准目标，违约升级到二线”会把违约的工单转到本组。" },
  ],
};

interface DefaultGroup {
  name: string;
  description: string;
}

export function defaultGroups(language: UserLanguage): readonly DefaultGroup[] {
  return DEFAULT_GROUPS[language];
}

/** The second-line group's name in every language: the tier-escalation preset looks for any of them. */
export const TIER_2_NAMES: readonly string[] = Object.values(DEFAULT_GROUPS).map(([, tier2]) => tier2.name);

/**
 * Why the system changed a ticket, as the history says it. The API records the reason as a stable
 * code on the change (`reason` of a ticket event): `sla_breach:<metric>` when a breach's
 * escalation made it. Pure (no DOM, no signals, no import of i18n.ts, which needs a browser):
 * labels come from the caller, and the unit test runs it inside workerd for every metric and locale.
 */
type Locale = "en" | "zh-CN";

/** The caller's labels for a metric or a priority, in the user's language ("First reply", "紧急"). */
export type ReasonLabel = (kind: "metric" | "priority", value: string) => string;

const WORDS = {
  en: {
    breached: (metric: string) => `${metric.toLowerCase()} breached`,
    raisedTo: (priority: string, because: string) => `raised to ${priority}: ${because}`,
    because: (because: string) => ` (${because})`,
    trigger: (name: string) => `by the trigger “${name}”`,
    macro: (title: string) => `macro “${title}”`,
    assignment: { round_robin: "round-robin assignment", least_open: "assigned to the agent with the fewest open tickets", returned: "returned to the pool: the agent was away" },
  },
  "zh-CN": {
    breached: (metric: string) => `${metric}已超时`,
    raisedTo: (priority: string, because: string) => `升级为${priority}：${because}`,
    because: (because: string) => `（${because}）`,
    trigger: (name: string) => `由触发器“${name}”执行`,
    macro: (title: string) => `宏“${title}”`,
    assignment: { round_robin: "轮流分配", least_open: "分配给未结工单最少的客服", returned: "退回待分配：客服离开" },
  },
} satisfies Record<Locale, unknown>;

const SLA_BREACH = /^sla_breach:([a-z_]+)$/;
/** A trigger's action: `trigger:<id>:<name>` (the name as it was when it fired; it may hold colons). */
const TRIGGER = /^trigger:[^:]+:([\s\S]+)$/;
/** An agent's macro: `macro:<id>:<title>` (the title as it was when applied; it may hold colons). */
const MACRO = /^macro:[^:]+:([\s\S]+)$/;
/** A group's automatic assignment: `assignment:<round_robin|least_open|returned>:<group id>` (docs/assignment.md). */
const ASSIGNMENT = /^assignment:(round_robin|least_open|returned):/;

/** The reason in words ("first reply breached" / "首次回复已超时"); null when there is none or it is not known. */
export function reasonText(locale: Locale, reason: string | null | undefined, label: ReasonLabel): string | null {
  const breach = reason ? SLA_BREACH.exec(reason) : null;
  if (breach) return WORDS[locale].breached(label("metric", breach[1]!));
  const trigger = reason ? TRIGGER.exec(reason) : null;
  if (trigger) return WORDS[locale].trigger(trigger[1]!);
  const macro = reason ? MACRO.exec(reason) : null;
  if (macro) return WORDS[locale].macro(macro[1]!);
  const assignment = reason ? ASSIGNMENT.exec(reason) : null;
  return assignment ? WORDS[locale].assignment[assignment[1] as "round_robin" | "least_open" | "returned"] : null;
}

/**
 * A system field change with its reason: a raised priority reads "raised to Urgent: first reply
 * breached"; any other change keeps its own words (`change`) followed by the reason. Null
 * without a known reason (the caller shows the change alone).
 */
export function reasonedChange(locale: Locale, event: { field: string | null; newValue: string | null; reason?: string | null }, label: ReasonLabel): { raised: string } | { suffix: string } | null {
  const because = reasonText(locale, event.reason, label);
  if (!because) return null;
  if (event.field === "priority" && event.newValue && SLA_BREACH.test(event.reason ?? "")) return { raised: WORDS[locale].raisedTo(label("priority", event.newValue), because) };
  return { suffix: WORDS[locale].because(because) };
}

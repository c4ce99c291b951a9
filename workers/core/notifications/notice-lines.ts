import type { NotificationKind } from "../../../schema";

/**
 * A notice in one line, in each language the app speaks (the bell and the email digest both say it
 * so). A rule's notice (`rule`): `actor` is the rule's name, `text` its words.
 */
export const NOTICE_LINES: Record<"en" | "zh-CN", (kind: NotificationKind, actor: string, ref: string, text?: string | null) => string> = {
  en: (kind, actor, ref, text) =>
    ({
      new_ticket: `New ticket ${ref}`,
      assigned: `${actor} assigned ${ref} to you`,
      customer_replied: `${actor} replied on ${ref}`,
      mention: `${actor} mentioned you on ${ref}`,
      sla_warning: `${ref} is nearly due`,
      sla_breach: `${ref} is overdue`,
      bad_rating: `${ref} was rated bad`,
      rule: `Rule “${actor}” on ${ref}: ${text ?? ""}`,
    })[kind],
  "zh-CN": (kind, actor, ref, text) =>
    ({
      new_ticket: `新工单 ${ref}`,
      assigned: `${actor} 把 ${ref} 分配给了你`,
      customer_replied: `${actor} 回复了 ${ref}`,
      mention: `${actor} 在 ${ref} 中提到了你`,
      sla_warning: `${ref} 即将超时`,
      sla_breach: `${ref} 已超时`,
      bad_rating: `${ref} 收到差评`,
      rule: `规则“${actor}”提醒 ${ref}：${text ?? ""}`,
    })[kind],
};

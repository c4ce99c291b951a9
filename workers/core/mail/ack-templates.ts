import type { supportAddresses } from "../../../schema";
import type { MailLanguage } from "./mail-language";

export interface AckTemplate {
  subject: string;
  body: string;
}

/** The English acknowledgement a new support address starts with (placeholders as in standard replies). */
export const DEFAULT_ACK: AckTemplate = {
  subject: "[{{ticket.number}}] We received your request: {{ticket.subject}}",
  body: [
    "Hi {{customer.first_name}},",
    "",
    "Thank you for writing to {{workspace.name}}. Your request {{ticket.number}} has reached us and we will reply as soon as we can.",
    "",
    "To add anything, simply reply to this email.",
    "",
    "— {{workspace.name}}",
  ].join("\n"),
};

/**
 * The Simplified Chinese default, used while an address has no Chinese text of its own. It greets
 * by the full name (a Chinese name has no "first name" the way English does).
 */
export const DEFAULT_ACK_ZH: AckTemplate = {
  subject: "[{{ticket.number}}] 我们已收到您的请求：{{ticket.subject}}",
  body: [
    "{{customer.name}}，您好：",
    "",
    "感谢您联系 {{workspace.name}}。您的请求 {{ticket.number}} 已收到，我们会尽快回复您。",
    "",
    "如需补充信息，直接回复此邮件即可。",
    "",
    "—— {{workspace.name}}",
  ].join("\n"),
};

type AckColumns = Pick<typeof supportAddresses.$inferSelect, "autoAckSubject" | "autoAckBody" | "autoAckSubjectZh" | "autoAckBodyZh">;

/** An address's acknowledgement in one language: its English columns, or its Chinese ones (each null one the Chinese default). */
export function ackTemplate(address: AckColumns, language: MailLanguage): AckTemplate {
  if (language === "en") return { subject: address.autoAckSubject, body: address.autoAckBody };
  return { subject: address.autoAckSubjectZh ?? DEFAULT_ACK_ZH.subject, body: address.autoAckBodyZh ?? DEFAULT_ACK_ZH.body };
}

import type { NotificationKind } from "../../../schema";
import { formatTicketRef } from "../tickets/ticket-ref";
import { ticketUrl } from "../webhooks/webhook-payload";
import { NOTICE_LINES } from "./notice-lines";

export type DigestLanguage = keyof typeof NOTICE_LINES;

/** One notice as the email lists it. */
export interface DigestItem {
  kind: NotificationKind;
  ticketId: string;
  ticketNumber: number;
  ticketSubject: string;
  actorName: string | null;
  /** A rule's notice: its words. */
  text?: string | null;
}

const WORDS = {
  en: {
    someone: "Someone",
    subject: (n: number, first: string) => (n === 1 ? first : `${first} and ${n - 1} more`),
    greeting: (name: string) => `Hello ${name},`,
    settings: (url: string) => `Choose which notifications you get by email: ${url}/profile`,
  },
  "zh-CN": {
    someone: "有人",
    subject: (n: number, first: string) => (n === 1 ? first : `${first}，另有 ${n - 1} 条`),
    greeting: (name: string) => `${name}，你好：`,
    settings: (url: string) => `在这里选择哪些通知发邮件：${url}/profile`,
  },
} as const;

/**
 * One email for a burst of notices (pure): a line per notice with a link to its ticket, in the
 * recipient's language, newest last.
 */
export function composeDigest(input: { language: DigestLanguage; recipientName: string; workspaceName: string; appUrl: string; items: readonly DigestItem[] }) {
  const words = WORDS[input.language];
  const line = (item: DigestItem) => NOTICE_LINES[input.language](item.kind, item.actorName ?? words.someone, formatTicketRef(item.ticketNumber), item.text);
  const base = input.appUrl.replace(/\/+$/, "");
  const subject = `[${input.workspaceName}] ${words.subject(input.items.length, line(input.items[0]!))}`;
  const body = input.items.map((item) => `- ${line(item)}: ${item.ticketSubject}\n  ${ticketUrl(base, item.ticketId)}`);
  const text = `${words.greeting(input.recipientName)}\n\n${body.join("\n")}\n\n--\n${words.settings(base)}\n`;
  return { subject, text };
}

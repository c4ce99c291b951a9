import { and, eq } from "drizzle-orm";
import { supportAddresses, tenants, users } from "../../../schema";
import { counter, hitStatement, limitState, refuseOverLimit, type Limit } from "../auth/rate-limit";
import { readAll } from "../db";
import { notFound } from "../errors";
import type { TenantScope } from "../tenancy/scope";
import { newMessageId } from "./addresses";
import { acceptInbound, type IngestDeps, type IngestResult } from "./ingest";
import { ensureBuiltInAddress } from "./support-addresses";

/**
 * "Send yourself a test email" (the empty ticket list offers it): a customer email from the
 * signed-in user's own address to the workspace's built-in support address, put through the same
 * inbound path a received mail takes (stored in R2, recorded, threaded, a ticket created, the
 * acknowledgement sent — to the user, who so sees what customers see). Nothing is faked: the
 * ticket, the customer and the delivery log entry are the ones a real mail would make.
 */

/** Test emails per workspace: enough to try things out, too few to fill a helpdesk. */
export const TEST_EMAILS_PER_WORKSPACE: Limit = { name: "test-email-tenant", limit: 5, windowSeconds: 60 * 60 };

export type TestEmailLanguage = "en" | "zh-CN";

const TEXT: Record<TestEmailLanguage, { subject: string; body: (address: string) => string }> = {
  en: {
    subject: "Test email: my first ticket",
    body: (address) =>
      `Hello!\n\nThis is a test email sent to ${address}. Every email your customers send to this address becomes a ticket like this one.\n\nReply to it to see how your answer reaches the customer, then solve it.\n`,
  },
  "zh-CN": {
    subject: "测试邮件：我的第一张工单",
    body: (address) => `您好！\n\n这是一封发送到 ${address} 的测试邮件。客户发送到该地址的每封邮件都会像这样成为一张工单。\n\n请回复它，看看您的答复如何送达客户，然后将其标记为已解决。\n`,
  },
};

/** RFC 2047 encoded-word for a header value that may hold non-ASCII text. */
const encodedWord = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${base64(new TextEncoder().encode(text))}?=`);

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The raw message (RFC 5322, UTF-8 text in base64, lines of 76), as a mail client would send it. */
export function testEmailBytes(mail: { fromName: string; from: string; to: string; subject: string; body: string; messageId: string; date: Date }): Uint8Array {
  const body = base64(new TextEncoder().encode(mail.body.replace(/\r?\n/g, "\r\n"))).replace(/.{76}/g, "$&\r\n");
  const quotedName = `"${mail.fromName.replace(/["\\\r\n]/g, "")}"`;
  const headers = [
    `From: ${/^[\x20-\x7e]*$/.test(mail.fromName) ? quotedName : encodedWord(mail.fromName)} <${mail.from}>`,
    `To: <${mail.to}>`,
    `Subject: ${encodedWord(mail.subject)}`,
    `Date: ${mail.date.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${mail.messageId}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
  ];
  return new TextEncoder().encode(`${headers.join("\r\n")}\r\n\r\n${body}\r\n`);
}

/**
 * Counts the attempt against the workspace's limit (429 `rate_limited` over it), then sends the
 * test email through `acceptInbound`. Returns the outcome (normally `ticket_created`), the new
 * ticket's id and the address it was sent to.
 */
export async function sendTestEmail(deps: IngestDeps, scope: TenantScope, userId: string, language: TestEmailLanguage, now = new Date()): Promise<IngestResult & { address: string }> {
  // One round trip: the attempt counted, the user, the workspace and its built-in address.
  const { db, tenantId } = scope;
  const read = await readAll(db, {
    attempt: hitStatement(db, await counter(TEST_EMAILS_PER_WORKSPACE, tenantId), now.getTime()),
    user: db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, userId))).limit(1),
    tenant: db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1),
    builtIn: db.select().from(supportAddresses).where(and(eq(supportAddresses.tenantId, tenantId), eq(supportAddresses.builtIn, true))).limit(1),
  });
  refuseOverLimit(limitState(TEST_EMAILS_PER_WORKSPACE, read.attempt[0], now.getTime()), "Too many test emails for this workspace; try again in an hour");
  const [user] = read.user;
  const [tenant] = read.tenant;
  if (!user || !tenant) throw notFound("User");
  // Sign-up creates the built-in address; a workspace from before that gets it now.
  const address = read.builtIn[0] ?? (await ensureBuiltInAddress(db, tenant, deps.mail.mailDomain, now));
  const messageId = newMessageId(deps.mail.mailDomain);
  const words = TEXT[language];
  const raw = testEmailBytes({ fromName: user.name, from: user.email, to: address.address, subject: words.subject, body: words.body(address.address), messageId, date: now });
  const result = await acceptInbound(deps, { tenant, address }, { from: user.email, to: address.address, rawSize: raw.byteLength }, raw, `<${messageId}>`, now);
  return { ...result, address: address.address };
}

import { env } from "cloudflare:workers";
import { openDb } from "../../workers/core/db";
import { newId } from "../../workers/core/ids";
import { queueOutbound, type OutboundRecord } from "../../workers/core/mail/outbox";

/** A reply email recorded as queued for the workspace (as a reply's batch records it), read back. */
export async function queuedMail(tenantId: string, now: Date): Promise<OutboundRecord> {
  const db = openDb(env.DB);
  const id = newId("out", now.getTime());
  await queueOutbound(db, {
    id,
    tenantId,
    purpose: "reply",
    fromAddress: "shop@kefu.localhost",
    fromName: "Shop",
    toAddress: "customer@example.com",
    subject: "Re: [#1] Hello",
    bodyText: "Hello again",
    emailMessageId: `${id}@kefu.localhost`,
    createdAt: now,
  });
  return (await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, id) }))!;
}

import { openDb } from "../core/db";
import { logDelivery } from "../core/mail/inbound-store";
import { acceptInbound, MAX_MESSAGE_BYTES } from "../core/mail/ingest";
import { sendEmailBindingMailer } from "../core/mail/mailer";
import { routeRecipient } from "../core/mail/support-addresses";
import { liveHub } from "../live/live-publisher";

/**
 * Inbound mail: size cap first, then the workspace from the envelope recipient, then the raw
 * bytes (read once) go to R2 before anything else happens. Mail nobody owns, or too large, is
 * rejected permanently; a D1 or R2 failure throws, which makes the sending server retry later
 * (safe: processing is idempotent).
 */
export const handleEmail: EmailExportedHandler<Env> = async (message, env, ctx) => {
  const db = openDb(env.DB);
  const envelope = { from: message.from, to: message.to, rawSize: message.rawSize };
  if (message.rawSize > MAX_MESSAGE_BYTES) {
    const reason = `5.3.4 Message too large (${message.rawSize} bytes; the limit is ${MAX_MESSAGE_BYTES})`;
    message.setReject(reason);
    await logDelivery(db, null, envelope, "rejected", { detail: reason });
    return;
  }
  const route = await routeRecipient(db, message.to, env.MAIL_DOMAIN);
  if (!route) {
    const reason = `5.1.1 No helpdesk receives mail at ${message.to}`;
    message.setReject(reason);
    await logDelivery(db, null, envelope, "rejected", { detail: reason });
    console.log(JSON.stringify({ event: "email_rejected", reason: "unknown_address", to: message.to }));
    return;
  }
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  const mail = { mailer: sendEmailBindingMailer(env.EMAIL), mailDomain: env.MAIL_DOMAIN };
  const result = await acceptInbound({ db, blobs: env.BLOBS, mail, live: liveHub(env.LIVE, (p) => ctx.waitUntil(p)), later: (p) => ctx.waitUntil(p) }, route, envelope, raw, message.headers.get("Message-ID"));
  console.log(JSON.stringify({ event: "email_received", tenant: route.tenant.slug, ...result }));
};

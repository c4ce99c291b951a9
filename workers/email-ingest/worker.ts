import { openDb } from "../core/db";
import { tenantForAddress } from "../core/mail/inbound-routing";

/**
 * Inbound mail entry point. This issue wires routing only: mail to an address no workspace
 * owns is rejected permanently. Storing, parsing and threading arrive with the email-channel
 * issue; until then mail to a workspace is refused with a temporary error (the sender retries),
 * so nothing is accepted and then lost.
 */
export const handleEmail: EmailExportedHandler<Env> = async (message, env) => {
  const db = openDb(env.DB);
  const tenant = await tenantForAddress(db, message.to, env.MAIL_DOMAIN);
  if (!tenant) {
    console.log(JSON.stringify({ event: "email_rejected", reason: "unknown_address", to: message.to }));
    message.setReject(`5.1.1 No helpdesk receives mail at ${message.to}`);
    return;
  }
  throw new Error(`Inbound mail for workspace ${tenant.slug} is not processed yet; try again later`);
};

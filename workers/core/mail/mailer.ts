/** One email as Kefu sends it. Message-IDs are stored and passed without angle brackets. */
export interface OutboundEmail {
  from: { email: string; name: string };
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  headers?: Record<string, string>;
}

/** The only thing the core knows about sending mail. */
export interface Mailer {
  send(email: OutboundEmail): Promise<void>;
}

/** How the core sends mail: the mailer, and the domain of Kefu's addresses and Message-IDs. */
export interface MailSettings {
  mailer: Mailer;
  mailDomain: string;
}

/** Sends through Cloudflare's `send_email` binding (simulated and logged under `wrangler dev`). */
export function sendEmailBindingMailer(binding: SendEmail): Mailer {
  return {
    async send(email) {
      const headers: Record<string, string> = { ...email.headers, "Message-ID": `<${email.messageId}>` };
      if (email.inReplyTo) headers["In-Reply-To"] = `<${email.inReplyTo}>`;
      if (email.references?.length) headers["References"] = email.references.map((id) => `<${id}>`).join(" ");
      await binding.send({
        from: email.from,
        to: email.to,
        ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        headers,
      });
    },
  };
}

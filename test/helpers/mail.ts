import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../workers/main";

/** Top-level headers of a raw message, as the Email Workers runtime exposes them. */
function headersOf(raw: Uint8Array): Headers {
  const text = new TextDecoder("latin1").decode(raw.subarray(0, 64 * 1024));
  const block = text.split(/\r?\n\r?\n/)[0] ?? "";
  const headers = new Headers();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const at = line.indexOf(":");
    // The runtime's Headers hold ASCII; 8-bit header bytes are the parser's business, not the envelope's.
    if (at > 0 && /^[\x20-\x7e\t]*$/.test(line)) {
      try {
        headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      } catch {
        // a header the Headers class refuses (odd name or bytes): the runtime would drop it too
      }
    }
  }
  return headers;
}

export interface Delivery {
  rejected: string[];
  error: unknown;
}

/**
 * Delivers a raw message to the real `email()` handler, as Cloudflare Email Routing would.
 * A thrown error (temporary failure: the sender retries) is returned, not thrown.
 */
export async function deliverEmail(raw: string | Uint8Array, envelope: { from: string; to: string }, bindings: Env = env): Promise<Delivery> {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  const rejected: string[] = [];
  const message = {
    from: envelope.from,
    to: envelope.to,
    headers: headersOf(bytes),
    raw: new Response(bytes).body!,
    rawSize: bytes.byteLength,
    setReject: (reason: string) => void rejected.push(reason),
    forward: async () => ({ messageId: "" }),
    reply: async () => ({ messageId: "" }),
  } as unknown as ForwardableEmailMessage;
  try {
    const ctx = createExecutionContext();
    await worker.email(message, bindings, ctx);
    // What the handler left running (live publishes, a trigger's mail handed to the mailer) is done before the test looks.
    await waitOnExecutionContext(ctx);
    return { rejected, error: null };
  } catch (error) {
    return { rejected, error };
  }
}

let counter = 0;

/** A plain RFC 5322 message; CRLF line ends. */
export function email(fields: {
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  body?: string;
}) {
  const lines = [
    `From: ${fields.from ?? "Li Wei <li.wei@example.com>"}`,
    `To: ${fields.to ?? "support@example.com"}`,
    ...(fields.cc ? [`Cc: ${fields.cc}`] : []),
    `Subject: ${fields.subject ?? "My teapot arrived broken"}`,
    `Date: Sun, 22 Nov 2026 10:00:00 +0800`,
    ...(fields.messageId === null ? [] : [`Message-ID: <${fields.messageId ?? `m${++counter}.${Math.random().toString(36).slice(2)}@mail.example.com`}>`]),
    ...(fields.inReplyTo ? [`In-Reply-To: <${fields.inReplyTo}>`] : []),
    ...(fields.references ? [`References: ${fields.references}`] : []),
    ...Object.entries(fields.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    fields.body ?? "Hello, the lid of my teapot was cracked when it arrived. Can you send a new one?",
    "",
  ];
  return lines.join("\r\n");
}

import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { htmlToText } from "../../workers/core/mail/html-to-text";
import { newWorkspace } from "../helpers/api";
import { emailCorpus, normalizeText } from "../helpers/corpus";
import { deliverEmail } from "../helpers/mail";

/**
 * Every message of ../shared/corpus/email through the real email() handler (workerd, local D1
 * and R2), each into its own workspace, checked against the manifest: sender, subject, body
 * snippet, attachment names and the automatic-mail flag, as stored by Kefu. No exceptions: where
 * the parser alone falls short (test/helpers/corpus.ts lists it), the pipeline repairs it.
 */
const corpus = emailCorpus();
const results: { id: string; field: string; ok: boolean; expected: unknown; actual: unknown }[] = [];

interface Stored {
  status: string;
  subject: string | null;
  from_address: string | null;
  from_name: string | null;
  body_text: string | null;
  quoted_text: string | null;
  body_html: string | null;
  automatic: number | null;
  message_id: string | null;
}

beforeAll(async () => {
  for (const entry of corpus) {
    const { slug } = await newWorkspace(`Corpus ${entry.id}`);
    const to = `${slug}@kefu.localhost`;
    // An mbox "From " separator is not part of a message as delivered by SMTP.
    const raw = new TextDecoder("latin1").decode(entry.raw.subarray(0, 5)) === "From " ? entry.raw.subarray(entry.raw.indexOf(10) + 1) : entry.raw;
    const delivery = await deliverEmail(raw, { from: entry.expected.from_address ?? "unknown-sender@example.net", to });
    expect(delivery.error, `${entry.id}: ${String(delivery.error)}`).toBeNull();
    const stored = await env.DB.prepare(
      `select i.status, i.subject, m.from_address, m.from_name, m.body_text, m.quoted_text, m.body_html, m.automatic, m.id as message_id
       from inbound_messages i left join messages m on m.inbound_message_id = i.id where i.envelope_to = ?`,
    )
      .bind(to)
      .first<Stored>();
    const files = stored?.message_id ? (await env.DB.prepare("select filename from attachments where message_id = ? order by id").bind(stored.message_id).all<{ filename: string }>()).results : [];
    const check = (field: string, ok: boolean, expected: unknown, actual: unknown) => results.push({ id: entry.id, field, ok, expected, actual });
    const e = entry.expected;
    check("stored", stored?.status === "processed" || stored?.status === "automatic", "processed|automatic", stored?.status);
    if (e.from_address) check("from_address", stored?.from_address === e.from_address.toLowerCase(), e.from_address, stored?.from_address);
    if (!entry.not_asserted.includes("from_name")) {
      const accept = [e.from_name ?? "", ...((entry.also_acceptable.from_name as string[]) ?? [])].map((n) => normalizeText(n ?? ""));
      check("from_name", accept.includes(normalizeText(stored?.from_name ?? "")), accept, stored?.from_name);
    }
    if (e.subject !== null && !entry.not_asserted.includes("subject")) {
      const accept = [e.subject, ...((entry.also_acceptable.subject as string[]) ?? [])].map(normalizeText);
      check("subject", accept.includes(normalizeText(stored?.subject ?? "")), accept, stored?.subject);
    }
    if (e.snippet && !entry.not_asserted.includes("snippet")) {
      const text = normalizeText([stored?.body_text, stored?.quoted_text, stored?.body_html ? htmlToText(stored.body_html) : ""].join(" "));
      check("snippet", text.includes(normalizeText(e.snippet)), e.snippet, text.slice(0, 120));
    }
    if (e.attachment_count !== null && !entry.not_asserted.includes("attachment_count")) check("attachment_count", files.length === e.attachment_count, e.attachment_count, files.length);
    if (e.attachment_filenames && !entry.not_asserted.includes("attachment_filenames")) {
      const expectedNames = e.attachment_filenames.filter((n): n is string => Boolean(n)).map((n) => n.normalize("NFC"));
      const names = files.map((f) => f.filename.normalize("NFC"));
      check("attachment_filenames", expectedNames.every((n) => names.includes(n)), expectedNames, names);
    }
    check("automatic", Boolean(stored?.automatic) === e.is_auto_or_bounce, e.is_auto_or_bounce, Boolean(stored?.automatic));
  }
}, 180_000);

describe("the email corpus through email()", () => {
  it("stores every message as a ticket message with the manifest's sender, subject, snippet, attachments and automatic flag", () => {
    const failures = results.filter((r) => !r.ok);
    const passed = results.filter((r) => r.ok).length;
    console.log(`corpus through email(): ${passed}/${results.length} checks passed over ${corpus.length} messages`);
    for (const f of failures) console.log(`${f.id} ${f.field}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`);
    expect(corpus.length).toBe(env.TEST_EMAIL_CORPUS.manifest.count);
    expect(failures).toEqual([]);
  });
});

// Bench only (npm run bench; never deployed): the parse + sanitise step of email ingestion — what
// workers/core/mail/ingest.ts contentOf() does with a message's text and HTML — for two versions
// of the mail HTML code side by side in one workerd process, and a floor that only reads the
// request's bytes. bench/lib/mail-parse-bench.mjs writes the entry (before/entry.ts, not in the
// repository) with the version before the HTML parser change loaded from git.
//   POST /?impl=floor|before|after   body: a raw message
import PostalMime from "postal-mime";

/** The mail HTML functions contentOf() uses (same signatures before and after the change). */
export interface MailHtml {
  htmlToText(html: string): string;
  splitQuotedText(text: string): { body: string; quoted: string | null };
  sanitizeEmailHtml(html: string, options: { cidUrl: (contentId: string) => string | null }): { html: string };
  markQuotedHtml(html: string): string;
}

async function parseAndSanitise(raw: ArrayBuffer, mail: MailHtml): Promise<number> {
  const parsed = await PostalMime.parse(raw);
  const text = parsed.text?.trim() ? parsed.text : parsed.html ? mail.htmlToText(parsed.html) : "";
  const { body, quoted } = mail.splitQuotedText(text.replace(/\r\n/g, "\n"));
  const html = parsed.html ? mail.markQuotedHtml(mail.sanitizeEmailHtml(parsed.html, { cidUrl: () => null }).html) : "";
  return body.length + (quoted?.length ?? 0) + html.length;
}

export function mailParseWorker(versions: { before: MailHtml; after: MailHtml }): ExportedHandler {
  return {
    async fetch(request) {
      const impl = new URL(request.url).searchParams.get("impl");
      const raw = await request.arrayBuffer();
      if (impl === "floor") return new Response(String(raw.byteLength));
      if (impl !== "before" && impl !== "after") return new Response("impl=floor|before|after", { status: 400 });
      return new Response(String(await parseAndSanitise(raw, versions[impl])));
    },
  };
}

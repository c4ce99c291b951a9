import { env } from "cloudflare:workers";
import type { EmailCorpusEntry } from "../env";

/** The shared email corpus: each entry of the manifest with its file's raw bytes. */
export function emailCorpus(): (EmailCorpusEntry & { raw: Uint8Array })[] {
  const { manifest, files } = env.TEST_EMAIL_CORPUS;
  return manifest.messages.map((entry) => {
    const base64 = files[entry.file];
    if (!base64) throw new Error(`corpus file ${entry.file} is missing`);
    return { ...entry, raw: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) };
  });
}

/** The manifest's normalisation: NFC, whitespace runs (NBSP, U+3000, zero-width) to one space, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(/[\s\u00a0\u3000\u200b]+/g, " ").trim();
}

export type Field = "from_address" | "from_name" | "subject" | "snippet" | "attachment_count" | "attachment_filenames" | "message_id" | "in_reply_to";
export const FIELDS: Field[] = ["from_address", "from_name", "subject", "snippet", "attachment_count", "attachment_filenames", "message_id", "in_reply_to"];

/** id → field → why postal-mime (not this harness) disagrees with the manifest. */
export const KNOWN_PARSER_GAPS: Record<string, Partial<Record<Field, string>>> = {
  d037: {
    snippet:
      "The message declares multipart/report with no boundary; the manifest (rule 3) reads such a body as text/plain, but postal-mime finds no parts and returns no text at all, so the body is lost.",
  },
  d038: {
    attachment_filenames:
      "The Content-Type header has an unindented continuation line (name=...), which ends the header section for a strict parser (Python: the Content-Disposition below it is body, so no filename); postal-mime keeps reading headers and reports the filename the sender meant.",
  },
};

import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Test-only bindings (vitest.config.ts). */
      TEST_MIGRATIONS: D1Migration[];
      MIGRATION_DB: D1Database;
      /** ../shared/corpus/email: manifest.json and every .eml as base64 of its raw bytes. */
      TEST_EMAIL_CORPUS: { manifest: EmailCorpusManifest; files: Record<string, string> };
    }
  }
}

export interface EmailCorpusEntry {
  id: string;
  file: string;
  expected: {
    from_address: string | null;
    from_name: string | null;
    subject: string | null;
    snippet: string | null;
    snippet_part: "text/plain" | "text/html" | null;
    attachment_count: number | null;
    attachment_filenames: (string | null)[] | null;
    is_auto_or_bounce: boolean;
    is_bounce: boolean;
    message_id: string | null;
    in_reply_to: string | null;
  };
  also_acceptable: Record<string, unknown[]>;
  not_asserted: string[];
  details: { auto_signals: string[]; categories: string[]; content_type: string };
  notes: string[];
}

export interface EmailCorpusManifest {
  count: number;
  messages: EmailCorpusEntry[];
}

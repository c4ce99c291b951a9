import { Marked, type Token, type Tokens } from "marked";
import { escapeHtml, sanitizeComposedHtml } from "../mail/html-sanitizer";
import { isSpaceOrTab, trimEndWhere } from "../trim-runs";

/** How an agent's message body is written: plain text (the API's default), or Markdown (the app's composer). */
export const MESSAGE_FORMATS = ["text", "markdown"] as const;
export type MessageFormat = (typeof MESSAGE_FORMATS)[number];

/** A message body as it is stored and mailed: its plain text, and its sanitised HTML when it was formatted. */
export interface FormattedBody {
  text: string;
  html: string | null;
}

/**
 * Markdown as the composer writes it (GitHub-flavoured, a line break is a line break). HTML typed
 * into the text is shown as written, never interpreted; an image becomes its alt text, a heading a
 * bold paragraph, a table one paragraph per row. The sanitiser then keeps only the composer's
 * formatting (`sanitizeComposedHtml`), whatever the renderer produced.
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
    hr: () => "",
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    table({ header, rows }) {
      const row = (cells: Tokens.TableCell[]) => `<p>${cells.map((cell) => this.parser.parseInline(cell.tokens)).join(" | ")}</p>\n`;
      return [header, ...rows].map(row).join("");
    },
  },
});

/** A message body in its format: Markdown rendered and sanitised, with its plain text; plain text as it is. */
export function formatBody(body: string, format: MessageFormat = "text"): FormattedBody {
  if (format === "text") return { text: body, html: null };
  const tokens = markdown.lexer(body);
  const text = plainText(tokens);
  return { text, html: sanitizeComposedHtml(markdown.parser(tokens)) };
}

/** What Markdown says in plain words: no markup, links as `text (url)`, list items and quotes marked as a mail client would. */
function plainText(tokens: readonly Token[]): string {
  return (
    blocks(tokens)
      .split("\n")
      .map((line) => trimEndWhere(line, isSpaceOrTab))
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      // The signature separator (RFC 3676) keeps its space: mail clients fold what follows.
      .replace(/^--$/gm, "-- ")
      .trim()
  );
}

function blocks(tokens: readonly Token[]): string {
  return tokens.map(block).join("");
}

function block(token: Token): string {
  const t = token as Tokens.Generic;
  switch (token.type) {
    case "paragraph":
    case "heading":
      return `${inline(t.tokens ?? [])}\n\n`;
    case "text":
      return `${t.tokens ? inline(t.tokens) : t.text}\n`;
    case "code":
      return `${t.text}\n\n`;
    case "blockquote":
      return `${blocks(t.tokens ?? []).trim().replace(/^/gm, "> ")}\n\n`;
    case "list": {
      const list = token as Tokens.List;
      const first = typeof list.start === "number" ? list.start : 1;
      const items = list.items.map((item, i) => {
        const marker = list.ordered ? `${first + i}. ` : "- ";
        return marker + blocks(item.tokens).trim().replace(/\n/g, `\n${" ".repeat(marker.length)}`);
      });
      return `${items.join("\n")}\n\n`;
    }
    case "table": {
      const table = token as Tokens.Table;
      return `${[table.header, ...table.rows].map((cells) => cells.map((cell) => inline(cell.tokens)).join(" | ")).join("\n")}\n\n`;
    }
    case "html":
      return `${t.text}\n`;
    default: // space, hr, def
      return "\n";
  }
}

/** Links whose address the plain text spells out (the HTML keeps only these too). */
const SHOWN_URL = /^(?:https?:|mailto:)/i;

function inline(tokens: readonly Token[]): string {
  return tokens
    .map((token) => {
      if (token.type === "br") return "\n";
      if (token.type === "link") {
        const { tokens, href } = token as Tokens.Link;
        const words = inline(tokens);
        const shown = SHOWN_URL.test(href) && words !== href && `mailto:${words}` !== href;
        return shown ? `${words} (${href})` : words;
      }
      // Emphasis, code, an escaped character, typed HTML, an image's alt text: the words as written.
      const t = token as Tokens.Generic;
      return t.tokens ? inline(t.tokens) : (t.text ?? "");
    })
    .join("");
}

/**
 * The composer's formatting buttons as edits of its Markdown text: each takes the text and the
 * selection and returns the new text and what to select after it. Pure, so the toolbar, the
 * keyboard shortcuts and the tests share one definition.
 */
export const FORMATS = ["bold", "italic", "code", "link", "bulleted", "numbered", "quote"] as const;
export type Format = (typeof FORMATS)[number];

export interface Edit {
  value: string;
  start: number;
  end: number;
}

const WRAPS = { bold: "**", italic: "_", code: "`" } as const;

/** The text after the button: the selection wrapped, unwrapped or its lines marked (see each kind). */
export function applyFormat(value: string, start: number, end: number, format: Format): Edit {
  const [from, to] = start <= end ? [start, end] : [end, start];
  if (format === "bold" || format === "italic" || format === "code") return wrap(value, from, to, WRAPS[format]);
  if (format === "link") return link(value, from, to);
  return markLines(value, from, to, format);
}

/**
 * Bold, italic, inline code: the selection between the marks (spaces at its edges stay outside),
 * or the marks taken off again when the selection is already between them; with nothing
 * selected, the marks with the cursor between them.
 */
function wrap(value: string, start: number, end: number, mark: string): Edit {
  if (value.slice(start - mark.length, start) === mark && value.slice(end, end + mark.length) === mark)
    return { value: value.slice(0, start - mark.length) + value.slice(start, end) + value.slice(end + mark.length), start: start - mark.length, end: end - mark.length };
  const selected = value.slice(start, end);
  const lead = selected.length - selected.trimStart().length;
  const inner = selected.trim();
  const s = start + lead;
  const e = s + inner.length;
  return { value: value.slice(0, s) + mark + inner + mark + value.slice(e), start: s + mark.length, end: e + mark.length };
}

/** A link: the selection as its words and `https://` selected, ready to be typed over (a selected address is both). */
function link(value: string, start: number, end: number): Edit {
  const words = value.slice(start, end);
  if (/^(?:https?:\/\/|mailto:)\S+$/.test(words)) {
    const text = `[${words}](${words})`;
    return { value: value.slice(0, start) + text + value.slice(end), start: start + 1, end: start + 1 + words.length };
  }
  const url = "https://";
  const text = `[${words}](${url})`;
  const urlStart = start + words.length + 3;
  return { value: value.slice(0, start) + text + value.slice(end), start: urlStart, end: urlStart + url.length };
}

const LINE_MARK: Record<"bulleted" | "numbered" | "quote", RegExp> = { bulleted: /^[-*+] /, numbered: /^\d{1,9}[.)] /, quote: /^> ?/ };

/**
 * Lists and quotes: every line the selection touches gets the mark (`- `, `1. ` `2. `…, `> `), or
 * loses it when every one of them (the empty ones aside) has it already. The lines stay selected.
 */
function markLines(value: string, start: number, end: number, format: "bulleted" | "numbered" | "quote"): Edit {
  const lineStart = value.lastIndexOf("\n", start - 1) + 1;
  const next = value.indexOf("\n", end > start && value[end - 1] === "\n" ? end - 1 : end);
  const lineEnd = next === -1 ? value.length : next;
  const lines = value.slice(lineStart, lineEnd).split("\n");
  const pattern = LINE_MARK[format];
  const marked = lines.filter((line) => line.trim()).every((line) => pattern.test(line)) && lines.some((line) => line.trim());
  let n = 0;
  const changed = lines.map((line) => {
    if (marked) return line.replace(pattern, "");
    if (!line.trim() && lines.length > 1) return line;
    n += 1;
    return `${format === "bulleted" ? "- " : format === "numbered" ? `${n}. ` : "> "}${line}`;
  });
  const text = changed.join("\n");
  return { value: value.slice(0, lineStart) + text + value.slice(lineEnd), start: lineStart, end: lineStart + text.length };
}

/** The format a keyboard shortcut stands for (Ctrl/⌘ + B, I), or null. */
export function shortcutFormat(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): Format | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return null;
  const key = event.key.toLowerCase();
  return key === "b" ? "bold" : key === "i" ? "italic" : null;
}

/**
 * Pasted Markdown put in place of the selection. Several lines (paragraphs, a list, a table) go
 * on lines of their own, set apart from the text around them by a blank line, so they neither
 * run into the sentence before them nor become part of a list or quote there; one line goes in
 * as it is. The cursor ends after the pasted text.
 */
export function insertPasted(value: string, start: number, end: number, markdown: string): Edit {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const block = markdown.includes("\n");
  const lead = !block || before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = !block || after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  const at = before.length + lead.length + markdown.length;
  return { value: before + lead + markdown + trail + after, start: at, end: at };
}

import type { RefObject } from "preact";
import { messages } from "../../i18n";
import { applyFormat, FORMATS, insertPasted, shortcutFormat, type Edit, type Format } from "./markdown-format";
import { pastedHtmlToMarkdown } from "./paste-html";
import "./composer-formatting.css";

const text = messages({
  en: {
    toolbar: "Formatting",
    bold: "Bold (Ctrl+B)",
    italic: "Italic (Ctrl+I)",
    code: "Inline code",
    link: "Link",
    bulleted: "Bulleted list",
    numbered: "Numbered list",
    quote: "Quote",
    hint: "Formatting is sent as HTML with a plain-text copy: **bold**, _italic_, [link](https://…), - list, 1. list, > quote, `code`.",
  },
  "zh-CN": {
    toolbar: "格式",
    bold: "加粗（Ctrl+B）",
    italic: "斜体（Ctrl+I）",
    code: "行内代码",
    link: "链接",
    bulleted: "项目符号列表",
    numbered: "编号列表",
    quote: "引用",
    hint: "格式以 HTML 发送，并附纯文本版本：**加粗**、_斜体_、[链接](https://…)、- 列表、1. 列表、> 引用、`代码`。",
  },
});

const ICONS: Record<Format, string> = { bold: "B", italic: "I", code: "</>", link: "↗", bulleted: "•≡", numbered: "1≡", quote: "❝" };

/**
 * Formatting for the composer's Markdown text: the toolbar's buttons, Ctrl/⌘+B and +I, and HTML
 * pasted (from Word or a web page) turned into Markdown with only the allowed formatting. Every
 * change goes through `onChange` (the draft), then the selection is put back.
 */
export function useComposerFormatting(textarea: RefObject<HTMLTextAreaElement>, onChange: (value: string) => void) {
  const commit = (edit: Edit) => {
    onChange(edit.value);
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(edit.start, edit.end);
    });
  };
  const format = (kind: Format) => {
    const field = textarea.current;
    if (field) commit(applyFormat(field.value, field.selectionStart, field.selectionEnd, kind));
  };
  /** Ctrl/⌘+B, +I: true when the key was a formatting shortcut (and was handled). */
  const onKeyDown = (event: KeyboardEvent) => {
    const kind = shortcutFormat(event);
    if (!kind || event.isComposing) return false;
    event.preventDefault();
    format(kind);
    return true;
  };
  const onPaste = (event: ClipboardEvent) => {
    const html = event.clipboardData?.getData("text/html");
    const field = textarea.current;
    if (!html || !field) return; // plain text pastes as the browser does it
    const markdown = pastedHtmlToMarkdown(html);
    if (!markdown) return;
    event.preventDefault();
    commit(insertPasted(field.value, field.selectionStart, field.selectionEnd, markdown));
  };
  return { format, onKeyDown, onPaste };
}

/** The toolbar above the composer's text. */
export function ComposerToolbar(props: { textareaId: string; onFormat: (kind: Format) => void }) {
  const t = text();
  return (
    <div class="composer-toolbar" role="toolbar" aria-label={t.toolbar} aria-controls={props.textareaId}>
      {FORMATS.map((kind) => (
        <button
          key={kind}
          type="button"
          class={`format-${kind}`}
          title={t[kind]}
          aria-label={t[kind]}
          aria-keyshortcuts={kind === "bold" ? "Control+B Meta+B" : kind === "italic" ? "Control+I Meta+I" : undefined}
          // Keep the text's selection: the button takes no focus on a mouse press.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => props.onFormat(kind)}
        >
          {ICONS[kind]}
        </button>
      ))}
      <small class="muted format-hint">{t.hint}</small>
    </div>
  );
}

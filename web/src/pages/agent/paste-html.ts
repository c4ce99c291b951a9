import TurndownService from "turndown";

/**
 * HTML pasted into the composer (from Word, a web page, another mail) as the composer's Markdown,
 * keeping only what a message may hold: bold, italic, links (http, https, mailto), lists, quotes
 * and code. Styles, fonts, classes, images, scripts, Word's `mso-` markup and conditional
 * comments go; a heading becomes a bold line, a table its text row by row. The server sanitises
 * again whatever arrives (workers/core/tickets/message-format.ts), so this is about a clean
 * draft, not about safety.
 */
const turndown = new TurndownService({ headingStyle: "atx", bulletListMarker: "-", codeBlockStyle: "fenced", emDelimiter: "_", strongDelimiter: "**" });

turndown.remove(["script", "style", "title", "head", "meta", "link", "noscript", "iframe", "object", "embed", "template", "form", "button", "select", "textarea", "input"]);
turndown.remove((node) => node.nodeName.toLowerCase() === "svg" || node.nodeName.toLowerCase() === "math");
// Word's own elements (<o:p>, <v:shape>, <w:…>), images and rules carry nothing a message keeps.
turndown.addRule("office", { filter: (node) => node.nodeName.includes(":"), replacement: () => "" });
turndown.addRule("image", { filter: ["img", "picture", "video", "audio", "canvas"], replacement: () => "" });
turndown.addRule("rule", { filter: "hr", replacement: () => "\n\n" });
turndown.addRule("heading", { filter: ["h1", "h2", "h3", "h4", "h5", "h6"], replacement: (content) => (content.trim() ? `\n\n**${content.trim()}**\n\n` : "") });
turndown.addRule("link", {
  filter: (node) => node.nodeName === "A",
  replacement: (content, node) => {
    const href = (node as HTMLAnchorElement).getAttribute("href")?.trim() ?? "";
    return /^(?:https?:|mailto:)/i.test(href) && content.trim() ? `[${content}](${href.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`)})` : content;
  },
});
// Google Docs wraps everything in <b style="font-weight:normal">; it and Word style bold and italic on spans.
turndown.addRule("notBold", { filter: (node) => node.nodeName === "B" && /font-weight:\s*(?:normal|[1-4]00)\b/i.test(styleOf(node)), replacement: (content) => content });
turndown.addRule("styledBold", { filter: (node) => node.nodeName === "SPAN" && /font-weight:\s*(?:bold|[6-9]00)\b/i.test(styleOf(node)), replacement: (content) => wrapInline(content, "**") });
turndown.addRule("styledItalic", { filter: (node) => node.nodeName === "SPAN" && /font-style:\s*italic\b/i.test(styleOf(node)), replacement: (content) => wrapInline(content, "_") });
// A table's text, a row a line.
turndown.addRule("tableCell", { filter: ["th", "td"], replacement: (content) => `${content.trim()} ` });
turndown.addRule("tableRow", { filter: "tr", replacement: (content) => `${content.trim()}\n` });
turndown.addRule("table", { filter: "table", replacement: (content) => `\n\n${content.trim()}\n\n` });

function styleOf(node: Node): string {
  return (node as HTMLElement).getAttribute?.("style") ?? "";
}

/** Marks around the words, spaces at the edges left outside (Markdown ignores `** x**`). */
function wrapInline(content: string, mark: string): string {
  const inner = content.trim();
  if (!inner) return content;
  return `${content.slice(0, content.indexOf(inner))}${mark}${inner}${mark}${content.slice(content.indexOf(inner) + inner.length)}`;
}

/**
 * Word writes a list as paragraphs styled `mso-list`, each with its bullet or number as text in a
 * span styled `mso-list:Ignore`. Those paragraphs become a real <ul>/<ol> before converting.
 */
function wordLists(body: HTMLElement) {
  const items = [...body.querySelectorAll<HTMLElement>("p[style*='mso-list'], li[style*='mso-list']")];
  let list: HTMLElement | null = null;
  for (const item of items) {
    const marker = item.querySelector<HTMLElement>("[style*='mso-list:Ignore'], [style*='mso-list: Ignore']");
    const ordered = /^\s*(?:\d+|[a-z]|[ivx]+)[.)]/i.test(marker?.textContent ?? "");
    marker?.remove();
    const li = body.ownerDocument.createElement("li");
    li.append(...item.childNodes);
    const previous = item.previousElementSibling;
    if (!list || previous !== list || (list.nodeName === "OL") !== ordered) {
      list = body.ownerDocument.createElement(ordered ? "ol" : "ul");
      item.before(list);
    }
    list.append(li);
    item.remove();
  }
}

/** Pasted HTML as Markdown with only the composer's formatting (empty when it holds no text). */
export function pastedHtmlToMarkdown(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  wordLists(doc.body);
  return turndown
    .turndown(doc.body)
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

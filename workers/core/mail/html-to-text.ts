import { DROP_WITH_CONTENT } from "./html-allowed";
import { isHtmlElement, parseHtmlBody, walk } from "./html-tree";

/**
 * Plain text from an email's HTML, for HTML-only mail (postal-mime leaves `text` empty then):
 * what a reader sees, with line breaks where blocks end. Used for search, previews and the
 * reply quote; the HTML itself is kept (sanitised) for display. Read by the one HTML parser
 * (html-tree.ts), so entities, unclosed tags and comments read as a browser reads them; what the
 * sanitiser drops with its content (scripts, styles, titles, SVG …) is not text either.
 */

/** Elements with a line break before them and after them (just after, for the second set). */
const BREAK_AROUND = new Set(["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"]);
const BREAK_AFTER = new Set(["section", "article", "header", "footer"]);

export function htmlToText(html: string): string {
  let text = "";
  walk(parseHtmlBody(html), {
    text: (node) => {
      text += node.value;
    },
    enter: (element) => {
      if (!isHtmlElement(element) || DROP_WITH_CONTENT.has(element.tagName)) return false;
      if (element.tagName === "br" || BREAK_AROUND.has(element.tagName)) text += "\n";
      return true;
    },
    leave: (element) => {
      if (BREAK_AROUND.has(element.tagName) || BREAK_AFTER.has(element.tagName)) text += "\n";
    },
  });
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

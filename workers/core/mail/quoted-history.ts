/**
 * Quoted history in inbound mail: where the earlier messages that a reply carries begin, so the
 * UI can fold them. Nothing is ever removed: splitQuotedText cuts the text in two pieces that
 * concatenate back to the input, markQuotedHtml only adds `data-kefu-quoted="true"` attributes
 * (and, where the history is a run of siblings, one wrapping element). Pure: the HTML is read by
 * the one HTML parser (html-tree.ts) and the markers are spliced into the input at its offsets.
 *
 * When the body before the history is blank (a forward without a note, a reply that says nothing
 * new), the UI should show the history unfolded.
 */

import { attributeOf, isElement, parseHtmlBody, walk, type HtmlElement, type HtmlParent } from "./html-tree";
import { CITE_BLOCKQUOTE, OUTLOOK_START_CLASS, OUTLOOK_START_IDS, QUOTE_CLASSES, QUOTE_IDS } from "./quote-containers";
import {
  ATTRIBUTION_ENDINGS, ATTRIBUTION_START, FORWARD_INTRO, HEADER_LABELS as LABELS, MOBILE_SIGNATURE, RULE_LINE, SEPARATOR_PHRASES,
  SIGNATURE_DELIMITER,
} from "./quote-phrases";
import { trimEndWhere, trimStartWhere } from "../trim-runs";

// ---------------------------------------------------------------------------------------------
// Shared line patterns (text lines, and the text of HTML elements)

// `**From:**`, `From :`: spaces, optionally stars and spaces, the label, the same, a colon. (Not
// `\s*\**\s*`: with the stars absent its two runs of spaces split a long run every way, quadratically.)
const labelPattern = (alternatives: string) => new RegExp(`^\\s*(?:\\*+\\s*)?(?:${alternatives})\\s*(?:\\*+\\s*)?[:：]`, "i");
const FROM_LABEL = labelPattern(LABELS.from);
const SENT_OR_TO_LABEL = labelPattern(`${LABELS.sent}|${LABELS.to}`);
const SUBJECT_LABEL = labelPattern(LABELS.subject);

/**
 * Lines (blank ones left out) that begin with a From: label and have, within the next few lines,
 * a Subject: label and a Sent:/Date:/To: label. (Subject is required so that "From: Berlin /
 * To: Paris / Date: …" in an itinerary is not taken for history.)
 */
function isHeaderBlockText(lines: readonly string[]): boolean {
  if (lines.length === 0 || !FROM_LABEL.test(lines[0]!)) return false;
  const next = lines.slice(1, 9);
  return next.some((line) => SUBJECT_LABEL.test(line)) && next.some((line) => SENT_OR_TO_LABEL.test(line));
}

const normalizeLine = (line: string) => line.replace(/[\u00a0\u3000\u200b]/g, " ").replace(/\s+/g, " ").trim();

function isAttribution(text: string): boolean {
  if (text.length > 2000) return false;
  const line = normalizeLine(text);
  return line.length > 0 && line.length <= 400 && ATTRIBUTION_ENDINGS.some((pattern) => pattern.test(line));
}

const isDash = (char: string) => char === "-";

function isSeparator(text: string): boolean {
  if (text.length > 2000) return false;
  const line = normalizeLine(text);
  if (FORWARD_INTRO.test(line)) return true;
  // `-----Original Message-----`: two or more dashes on each side (stripped by a scan; the regex
  // /^-{2,}\s*(.+?)\s*-{2,}$/ was cubic in a line of dashes).
  const withoutEnd = trimEndWhere(line, isDash);
  const beforeEnd = withoutEnd.trimEnd();
  const phrase = trimStartWhere(beforeEnd, isDash);
  return line.length - withoutEnd.length >= 2 && beforeEnd.length - phrase.length >= 2 && SEPARATOR_PHRASES.has(phrase.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Plain text

interface Line {
  text: string;
  /** Offset of the line's first character in the input. */
  start: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const match of text.matchAll(/\r\n|\r|\n/g)) {
    lines.push({ text: text.slice(start, match.index), start });
    start = match.index + match[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}

const isBlank = (line: string) => /^[\s\u00a0\u3000\u200b]*$/.test(line);
const isQuoteLine = (line: string) => /^[ \t\u00a0]*>/.test(line);

/** An Outlook-style header block starting at line i (see isHeaderBlockText). */
function isHeaderBlock(lines: readonly Line[], i: number): boolean {
  if (!FROM_LABEL.test(lines[i]!.text)) return false;
  const block: string[] = [];
  for (let k = i; k < lines.length && block.length < 10 && !isQuoteLine(lines[k]!.text); k++) {
    if (!isBlank(lines[k]!.text)) block.push(lines[k]!.text);
  }
  return isHeaderBlockText(block);
}

/** First line (top down) of a separator, a rule line before a header block, or a header block. */
function firstHistoryHeader(lines: readonly Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    if (isQuoteLine(text) || isBlank(text)) continue;
    if (isSeparator(text) || isHeaderBlock(lines, i)) return i;
    if (RULE_LINE.test(text)) {
      let next = i + 1;
      while (next < lines.length && next <= i + 3 && isBlank(lines[next]!.text)) next++;
      if (next < lines.length && isHeaderBlock(lines, next)) return i;
    }
  }
  return -1;
}

/** Lines after the last quoted line that still let the quote count as trailing: blanks, a signature. */
function isTrailer(lines: readonly Line[]): boolean {
  const content = lines.filter((line) => !isBlank(line.text)).map((line) => line.text);
  if (content.length === 0) return true;
  if (SIGNATURE_DELIMITER.test(content[0]!) && content.length <= 12) return true;
  return content.length <= 2 && content.every((line) => MOBILE_SIGNATURE.test(line));
}

/**
 * First line of a run of "> " lines that continues to the end (blank lines and a trailing
 * signature allowed), moved up to the attribution line(s) right above it; -1 if none.
 */
function trailingQuoteStart(lines: readonly Line[]): number {
  let lastQuote = lines.length - 1;
  while (lastQuote >= 0 && !isQuoteLine(lines[lastQuote]!.text)) lastQuote--;
  if (lastQuote < 0 || !isTrailer(lines.slice(lastQuote + 1))) return -1;

  let start = lastQuote;
  for (let k = lastQuote; k >= 0; k--) {
    const text = lines[k]!.text;
    if (isQuoteLine(text)) start = k;
    else if (!isBlank(text)) break;
  }

  let above = start - 1;
  while (above >= 0 && isBlank(lines[above]!.text)) above--;
  // The shortest group of lines that reads "On … wrote:" (a client may wrap it), else the line alone.
  for (let span = 1; span <= 3; span++) {
    const first = above - span + 1;
    if (first < 0) break;
    const group = lines.slice(first, above + 1).map((line) => line.text);
    if (group.some((text) => isBlank(text) || isQuoteLine(text))) break;
    if (ATTRIBUTION_START.test(normalizeLine(group[0]!)) && isAttribution(group.join(" "))) return first;
  }
  if (above >= 0 && isAttribution(lines[above]!.text)) return above;
  return start;
}

/**
 * Split a plain-text body into what the sender wrote and the quoted history below it.
 * `body + (quoted ?? "")` is always exactly `text`.
 *
 * The history starts at the first of: a separator line ("-----Original Message-----",
 * "-------- Forwarded Message --------", QQ's "原始邮件" rule, "Begin forwarded message:"), an
 * Outlook header block (From/Sent/To/Subject, with or without a "____" rule above it, in several
 * languages), or a run of "> " lines that continues to the end of the message (with the
 * attribution line above it: "On … wrote:", "Am … schrieb …:", "在 …写道：", …). A quoted line with
 * the sender's own text after it is an inline answer, not history.
 */
export function splitQuotedText(text: string): { body: string; quoted: string | null } {
  const lines = splitLines(text);
  const candidates = [firstHistoryHeader(lines), trailingQuoteStart(lines)].filter((index) => index >= 0);
  if (candidates.length === 0) return { body: text, quoted: null };
  const offset = lines[Math.min(...candidates)]!.start;
  return { body: text.slice(0, offset), quoted: text.slice(offset) };
}

// ---------------------------------------------------------------------------------------------
// HTML

/**
 * The parsed HTML flattened in document order: an "open" entry per element, its content, then
 * a "close" entry (none for void elements); `at` is where the entry begins in the source.
 */
interface Token {
  kind: "text" | "open" | "close";
  /** Lower-case element name (open and close tokens). */
  name: string;
  element: HtmlElement | null;
  /** Text (decoded) of a text token. */
  text: string;
  /** Offset in the source where the token begins (where a wrapper may open or close). */
  at: number;
  /** Open tokens: offset in the source where an attribute can go (before `>` or `/>`); -1 if the parser made the element. */
  attributeAt: number;
}

const VOID_ELEMENTS = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
]);
/** Parents in which a wrapping element is not allowed: their quoted children are marked one by one. */
const NO_WRAP_PARENTS = new Set(["table", "tbody", "thead", "tfoot", "tr", "ul", "ol", "dl", "colgroup", "select"]);
/** Parents whose content is phrasing: the wrapper is a <span>. */
const PHRASING_PARENTS = new Set([
  "p", "span", "font", "a", "b", "i", "u", "s", "em", "strong", "small", "big", "sub", "sup", "code", "tt",
  "strike", "cite", "q", "abbr", "acronym", "del", "ins", "mark", "label", "h1", "h2", "h3", "h4", "h5", "h6",
  "dfn", "kbd", "samp", "var", "bdi", "bdo",
]);

const MARK = "data-kefu-quoted";
const MARK_ATTRIBUTE = ` ${MARK}="true"`;

/** The tree as tokens (see Token). */
function tokensOf(html: string, root: HtmlParent): Token[] {
  const tokens: Token[] = [];
  let cursor = 0; // end of the last token placed in the source
  walk(root, {
    text: (node) => {
      const location = node.sourceCodeLocation;
      tokens.push({ kind: "text", name: "", element: null, text: node.value, at: location?.startOffset ?? cursor, attributeAt: -1 });
      if (location) cursor = location.endOffset;
    },
    enter: (element) => {
      const name = element.tagName.toLowerCase();
      const startTag = element.sourceCodeLocation?.startTag;
      const selfClosing = startTag !== undefined && html[startTag.endOffset - 2] === "/";
      const attributeAt = startTag === undefined ? -1 : startTag.endOffset - (selfClosing ? 2 : 1);
      tokens.push({ kind: "open", name, element, text: "", at: startTag?.startOffset ?? cursor, attributeAt });
      if (startTag) cursor = startTag.endOffset;
      return !VOID_ELEMENTS.has(name);
    },
    leave: (element) => {
      const location = element.sourceCodeLocation;
      const at = location ? (location.endTag?.startOffset ?? location.endOffset ?? cursor) : cursor;
      tokens.push({ kind: "close", name: element.tagName.toLowerCase(), element, text: "", at, attributeAt: -1 });
      if (location?.endOffset !== undefined) cursor = Math.max(cursor, location.endOffset);
    },
  });
  return tokens;
}

const attribute = (token: Token, name: string) => (token.element === null ? undefined : attributeOf(token.element, name));

const BLOCK_BREAKS = new Set([
  "br", "p", "div", "li", "tr", "td", "th", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
  "pre", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "center",
]);

interface Tree {
  tokens: Token[];
  /** Open element each token sits in (-1: top level). */
  parent: number[];
  /** Open tokens: index one past their last token (their close token). */
  end: number[];
  /** Close tokens: the open token they end. */
  openOf: number[];
  /** meaningful[k]: tokens before k that show something (non-blank text, an image). */
  meaningful: number[];
  /** The same, leaving out what sits inside a blockquote[type=cite]. */
  meaningfulOutsideCite: number[];
}

/** Whether text shows anything (white space, no-break, ideographic and zero-width spaces do not). */
const showsText = (text: string) => /[^\s\u200b]/.test(text);

function buildTree(tokens: Token[]): Tree {
  const n = tokens.length;
  const parent = new Array<number>(n).fill(-1);
  const end = new Array<number>(n).fill(-1);
  const openOf = new Array<number>(n).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    parent[i] = stack.at(-1) ?? -1;
    if (token.kind === "open") {
      if (VOID_ELEMENTS.has(token.name)) end[i] = i + 1;
      else stack.push(i);
    } else if (token.kind === "close") {
      // Tokens come from a tree: every close token ends the innermost open element.
      const open = stack.pop()!;
      end[open] = i + 1;
      openOf[i] = open;
      parent[i] = parent[open]!;
    }
  }
  const meaningful = new Array<number>(n + 1).fill(0);
  const meaningfulOutsideCite = new Array<number>(n + 1).fill(0);
  const insideCite = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    const p = parent[i]!;
    insideCite[i] = p !== -1 && (insideCite[p]! || isCiteBlockquote(tokens[p]!));
    const shows = (token.kind === "text" && showsText(token.text)) || (token.kind === "open" && token.name === "img");
    meaningful[i + 1] = meaningful[i]! + (shows ? 1 : 0);
    meaningfulOutsideCite[i + 1] = meaningfulOutsideCite[i]! + (shows && !insideCite[i] ? 1 : 0);
  }
  return { tokens, parent, end, openOf, meaningful, meaningfulOutsideCite };
}

/** One past the last token inside an element (its close token's index; a void element's end); the whole input for -1. */
function contentEnd(tree: Tree, open: number): number {
  if (open === -1) return tree.tokens.length;
  const end = tree.end[open]!;
  return tree.openOf[end - 1] === open ? end - 1 : end;
}

/** Something visible among tokens [from, to). */
const showsBetween = (tree: Tree, from: number, to: number) => to > from && tree.meaningful[to]! - tree.meaningful[from]! > 0;

/** Text of tokens [from, to) with line breaks at <br> and block boundaries, at most `limit` characters. */
function textOf(tree: Tree, from: number, to: number, limit = 1000): string {
  let text = "";
  for (let k = from; k < to && text.length < limit; k++) {
    const token = tree.tokens[k]!;
    if (token.kind === "text") text += token.text;
    else if ((token.kind === "open" || token.kind === "close") && BLOCK_BREAKS.has(token.name)) text += "\n";
  }
  return text;
}

const elementText = (tree: Tree, open: number) => textOf(tree, open + 1, contentEnd(tree, open));

function classTokens(token: Token): string[] {
  return (attribute(token, "class") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
}

/** A container a mail client names as quoted history (by id or class). */
function isNamedQuoteContainer(token: Token): boolean {
  if (QUOTE_IDS.test(attribute(token, "id") ?? "")) return true;
  return classTokens(token).some((name) => QUOTE_CLASSES.some((fragment) => name.includes(fragment)));
}

function isCiteBlockquote(token: Token): boolean {
  return token.kind === "open" && token.name === CITE_BLOCKQUOTE.tag && (attribute(token, "type") ?? "").toLowerCase() === CITE_BLOCKQUOTE.type;
}

function isQuoteContainer(token: Token): boolean {
  return isCiteBlockquote(token) || isNamedQuoteContainer(token);
}

function isOutlookStart(token: Token): boolean {
  return OUTLOOK_START_IDS.test(attribute(token, "id") ?? "") || classTokens(token).some((name) => name.includes(OUTLOOK_START_CLASS));
}

/** A header block (see isHeaderBlockText) starting with the text of token k. */
function startsHeaderBlock(tree: Tree, k: number): boolean {
  if (!FROM_LABEL.test(tree.tokens[k]!.text.slice(0, 200))) return false;
  return isHeaderBlockText(textOf(tree, k, tree.tokens.length, 1500).split("\n").filter((line) => !isBlank(line)));
}

/** Whitespace-only text (&nbsp; included). */
const isBlankText = (token: Token) => token.kind === "text" && !showsText(token.text);

interface Region {
  /** First token of the history and one past its last; `parent` is their common parent (-1: top level). */
  start: number;
  end: number;
  parent: number;
}

/**
 * The history block around token k: climb to the outermost ancestor that k begins (nothing visible
 * before it inside), then take in a rule (<hr>, "_____") right above it; the block runs to the end
 * of that ancestor's parent.
 */
function regionFrom(tree: Tree, k: number): Region {
  let start = k;
  for (;;) {
    const parent = tree.parent[start]!;
    if (parent === -1 || showsBetween(tree, parent + 1, start)) break;
    start = parent;
  }
  const parent = tree.parent[start]!;
  for (;;) {
    let previous = start - 1;
    while (previous > parent && isBlankText(tree.tokens[previous]!)) previous--;
    if (previous <= parent) break;
    const token = tree.tokens[previous]!;
    if (token.kind === "open" && token.name === "hr" && tree.parent[previous] === parent) {
      start = previous;
    } else if (token.kind === "close" && tree.openOf[previous]! >= 0 && tree.parent[tree.openOf[previous]!] === parent && RULE_LINE.test(normalizeLine(elementText(tree, tree.openOf[previous]!)))) {
      start = tree.openOf[previous]!;
    } else if (token.kind === "text" && tree.parent[previous] === parent && RULE_LINE.test(normalizeLine(token.text))) {
      start = previous;
    } else {
      break;
    }
  }
  return { start, end: contentEnd(tree, parent), parent };
}

/** The attribution right before a quote container (an element or a bare text line, skipping <br> and blanks). */
function attributionBefore(tree: Tree, open: number): { element: number } | { text: number } | null {
  const parent = tree.parent[open]!;
  let k = open - 1;
  while (k > parent && (isBlankText(tree.tokens[k]!) || (tree.tokens[k]!.kind === "open" && tree.tokens[k]!.name === "br"))) k--;
  if (k <= parent) return null;
  const token = tree.tokens[k]!;
  if (token.kind === "close") {
    const element = tree.openOf[k]!;
    if (element >= 0 && tree.parent[element] === parent) {
      const text = elementText(tree, element);
      if (isAttribution(text) || isSeparator(text)) return { element };
    }
  } else if (token.kind === "text" && tree.parent[k] === parent) {
    if (isAttribution(token.text) || isSeparator(token.text)) return { text: k };
  }
  return null;
}

/**
 * Mark the quoted history in (sanitised) HTML with data-kefu-quoted="true", keeping every byte of
 * the input. Recognised: Gmail (div.gmail_quote), Apple Mail and Thunderbird (blockquote[type=cite],
 * div.moz-cite-prefix, div.moz-forward-container), Outlook (div#appendonsend, div#divRplyFwdMsg,
 * hr#stopSpelling, div.OutlookMessageHeader and the siblings after them; a From/Sent/To/Subject
 * block), Yahoo (div.yahoo_quoted), QQ Mail/Foxmail/NetEase (#isReplyContent, #isForwardContent,
 * the "原始邮件" rule and 发件人/发送时间 block), 139 Mail, Proton, Tuta, Zoho, and a blockquote after
 * an "On … wrote:" line. Only the outermost history is marked; markup stays balanced. Idempotent.
 */
export function markQuotedHtml(html: string): string {
  const tree = buildTree(tokensOf(html, parseHtmlBody(html, { locations: true })));
  const { tokens } = tree;
  const n = tokens.length;
  const marked = new Set<number>();
  const wraps: { start: number; end: number; tag: "div" | "span" }[] = [];
  let skipUntil = 0;

  const markRegion = (region: Region) => {
    const { start, end, parent } = region;
    const parentName = parent === -1 ? "" : tokens[parent]!.name;
    if (tokens[start]!.kind === "open" && tree.end[start] === end) {
      marked.add(start); // a single element: no wrapper needed
    } else if (NO_WRAP_PARENTS.has(parentName)) {
      for (let k = start; k < end; k++) if (tree.parent[k] === parent && tokens[k]!.kind === "open") marked.add(k);
    } else {
      wraps.push({ start, end, tag: PHRASING_PARENTS.has(parentName) ? "span" : "div" });
    }
    skipUntil = Math.max(skipUntil, end);
  };

  const markContainer = (k: number, attribution: ReturnType<typeof attributionBefore>) => {
    if (attribution !== null && "element" in attribution) {
      // Outermost wins: the attribution element may hold a cited block marked a moment ago (iOS Mail).
      const element = attribution.element;
      for (const inner of [...marked]) if (inner > element && inner < tree.end[element]!) marked.delete(inner);
      for (let w = wraps.length - 1; w >= 0; w--) if (wraps[w]!.start > element && wraps[w]!.start < tree.end[element]!) wraps.splice(w, 1);
      marked.add(element);
    }
    if (attribution !== null && "text" in attribution) wraps.push({ start: attribution.text, end: attribution.text + 1, tag: "span" });
    marked.add(k);
    skipUntil = tree.end[k]!;
  };

  for (let k = 0; k < n; k++) {
    if (k < skipUntil) continue;
    const token = tokens[k]!;
    if (token.kind === "open") {
      if (attribute(token, MARK) === "true") {
        skipUntil = tree.end[k]!; // marked before: leave it and everything inside alone
      } else if (isQuoteContainer(token)) {
        // Apple Mail and Thunderbird also use blockquote[type=cite] for inline answers: such a
        // blockquote is history only when nothing visible comes after it but other cited blocks
        // (iOS Mail puts the attribution in a blockquote of its own before the quoted one).
        const citeOnly = token.name === "blockquote" && !isNamedQuoteContainer(token);
        const answeredBelow = tree.meaningfulOutsideCite[n]! - tree.meaningfulOutsideCite[tree.end[k]!]! > 0;
        if (!citeOnly || !answeredBelow) markContainer(k, attributionBefore(tree, k));
      } else if (token.name === "blockquote") {
        // Any other blockquote: history when an attribution line comes right before it and nothing after.
        const attribution = attributionBefore(tree, k);
        if (attribution !== null && !showsBetween(tree, tree.end[k]!, n)) markContainer(k, attribution);
      } else if (isOutlookStart(token)) {
        markRegion(regionFrom(tree, k));
      }
    } else if (token.kind === "text" && token.text.length <= 4000) {
      if (isSeparator(token.text) || startsHeaderBlock(tree, k)) markRegion(regionFrom(tree, k));
    }
  }

  if (marked.size === 0 && wraps.length === 0) return html;
  // What goes where in the source: at a token's start, the wrappers that close there (innermost
  // first) then those that open (outermost first); inside a start tag, the attribute.
  const insertions = new Map<number, string>();
  const insert = (at: number, text: string, before = false) => insertions.set(at, before ? text + (insertions.get(at) ?? "") : (insertions.get(at) ?? "") + text);
  const offsetOf = (k: number) => (k < n ? tokens[k]!.at : html.length);
  const opens: { at: number; text: string }[] = [];
  for (const wrap of wraps) {
    insert(offsetOf(wrap.end), `</${wrap.tag}>`, true);
    opens.push({ at: offsetOf(wrap.start), text: `<${wrap.tag}${MARK_ATTRIBUTE}>` });
  }
  for (const { at, text } of opens) insert(at, text);
  for (const k of marked) markElement(tokens, k, insert);
  let out = "";
  let from = 0;
  for (const at of [...insertions.keys()].sort((a, b) => a - b)) {
    out += html.slice(from, at) + insertions.get(at)!;
    from = at;
  }
  return out + html.slice(from);
}

/**
 * The attribute into element k's start tag; an element the parser made itself (no start tag:
 * an implied <tbody>) passes the mark on to its element children.
 */
function markElement(tokens: readonly Token[], k: number, insert: (at: number, text: string) => void) {
  const token = tokens[k]!;
  if (attribute(token, MARK) !== undefined) return;
  if (token.attributeAt >= 0) return insert(token.attributeAt, MARK_ATTRIBUTE);
  for (const child of token.element?.childNodes ?? []) {
    if (!isElement(child)) continue;
    const index = tokens.findIndex((t) => t.element === child && t.kind === "open");
    if (index >= 0) markElement(tokens, index, insert);
  }
}

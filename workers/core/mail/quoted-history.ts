/**
 * Quoted history in inbound mail: where the earlier messages that a reply carries begin, so the
 * UI can fold them. Nothing is ever removed: splitQuotedText cuts the text in two pieces that
 * concatenate back to the input, markQuotedHtml only adds `data-kefu-quoted="true"` attributes
 * (and, where the history is a run of siblings, one wrapping element). Pure, no DOM.
 *
 * When the body before the history is blank (a forward without a note, a reply that says nothing
 * new), the UI should show the history unfolded.
 */

// ---------------------------------------------------------------------------------------------
// Shared line patterns (text lines, and the text of HTML elements)

/** "On Tue, 3 Mar 2026, Li Wei <li@x> wrote:" and its counterparts, matched at the end of the line. */
const ATTRIBUTION_ENDINGS: readonly RegExp[] = [
  /\bwrote\s*:$/i, // English (Gmail, Apple Mail, Thunderbird, Outlook for Mac, NetEase "At …, X wrote:")
  /\bschrieb\b.{0,200}:$/i, // German: "Am 03.03.2026 um 10:00 schrieb Li Wei <li@x>:", "Li Wei schrieb am …:"
  /\ba écrit\s*:$/i, // French
  /\bescribió\s*:$/i, // Spanish
  /\bha scritto\s*:$/i, // Italian
  /\bschreef\b.{0,200}:$/i, // Dutch
  /\bescreveu\s*:$/i, // Portuguese
  /\b(?:skrev|kirjoitti|napisała?|napisał\(a\)|napsal(?:a|\(a\))?|yazdı)\s*:$/i, // Nordic, Finnish, Polish, Czech, Turkish
  /(?:пишет|написала?|написал\(а\))\s*:$/i, // Russian
  /(?:写道|寫道)\s*[:：]$/, // Chinese: "在 2026年3月3日 …写道：", "Li Wei <li@x> 于2026年3月3日周二 10:00写道："
  /(?:のメール|書きました|からのメール)\s*[:：]$/, // Japanese (Apple Mail, Thunderbird)
  /작성\s*[:：]$/, // Korean (Gmail)
  /\d.*<[^<>\s@]+@[^<>\s]+>\s*[:：]$/, // Gmail in Japanese, Russian, …: a date and an address, no verb
];
/** How a wrapped attribution starts (it may span up to three lines). */
const ATTRIBUTION_START = /^(?:(?:On|Am|Le|El|Il|Op|Em|Den|Dne|W dniu|På|At)\s|在|于|於|\d{4}[年/.-])/i;

/** "-----Original Message-----", "---------- Forwarded message ---------", QQ's "------------------ 原始邮件 ------------------". */
const SEPARATOR_PHRASES = new Set([
  "original message", "forwarded message", "original", "ursprüngliche nachricht", "originalnachricht",
  "weitergeleitete nachricht", "message d'origine", "message d’origine", "message transféré", "message original",
  "mensaje original", "mensaje reenviado", "messaggio originale", "messaggio inoltrato", "oorspronkelijk bericht",
  "doorgestuurd bericht", "mensagem original", "mensagem encaminhada", "исходное сообщение",
  "пересылаемое сообщение", "пересланное сообщение", "oryginalna wiadomość", "wiadomość przekazana dalej",
  "původní zpráva", "přeposlaná zpráva", "alkuperäinen viesti", "välitetty viesti", "ursprungligt meddelande",
  "vidarebefordrat meddelande", "opprinnelig melding", "videresendt melding", "oprindelig meddelelse",
  "videresendt meddelelse", "orijinal mesaj", "iletilen mesaj", "原始邮件", "原始郵件", "原始信息", "原始訊息",
  "原邮件", "转发邮件", "转发的邮件", "轉寄郵件", "转发邮件信息", "原始邮件信息", "元のメッセージ",
  "転送されたメッセージ", "転送メッセージ", "원본 메시지", "전달된 메시지",
]);
/** Apple Mail and friends: "Begin forwarded message:". */
const FORWARD_INTRO =
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message (?:réexpédié|transféré)|inicio del mensaje reenviado|inizio messaggio inoltrato|início da mensagem reencaminhada|以下是转发的邮件|转发的邮件|転送されたメッセージ)\s*[:：]?$/i;

/** Header labels of a quoted message (Outlook, QQ/Foxmail, NetEase, …) in many languages. */
const LABELS = {
  from: "From|De|Von|Van|Da|Fra|Från|Od|От|Lähettäjä|Feladó|Kimden|发件人|發件人|寄件者|寄件人|差出人|보낸 사람",
  sent: "Sent|Date|Envoyé|Gesendet|Datum|Verzonden|Inviato|Data|Enviado|Enviada|Fecha|Sendt|Skickat|Wysłano|Odesláno|Lähetetty|Отправлено|Дата|Tarih|发送时间|發送時間|时间|時間|日期|送信日時|日時|보낸 날짜|날짜",
  to: "To|À|A|An|Aan|Para|Til|Till|Do|Komu|Vastaanottaja|Кому|Kime|收件人|收件者|宛先|받는 사람",
  subject: "Subject|Objet|Betreff|Onderwerp|Oggetto|Asunto|Assunto|Emne|Ämne|Temat|Předmět|Aihe|Тема|Konu|主题|主旨|主題|件名|제목",
};
const labelPattern = (alternatives: string) => new RegExp(`^\\s*\\**\\s*(?:${alternatives})\\s*\\**\\s*[:：]`, "i");
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

/** A rule line above a header block ("________________________________" from Outlook, dashes). */
const RULE_LINE = /^\s*(?:_{10,}|-{10,}|—{5,})\s*$/;
const SIGNATURE_DELIMITER = /^\s*(?:--|—|__)\s*$/;
const MOBILE_SIGNATURE =
  /^\s*(?:sent from|sent via|sent with|get outlook for|von meinem|gesendet von|envoyé de mon|envoyé depuis|enviado desde|enviado do meu|inviato da|verzonden met|发自我的|来自我的|從我的|发送自|iphoneから送信)/i;

const normalizeLine = (line: string) => line.replace(/[\u00a0\u3000\u200b]/g, " ").replace(/\s+/g, " ").trim();

function isAttribution(text: string): boolean {
  if (text.length > 2000) return false;
  const line = normalizeLine(text);
  return line.length > 0 && line.length <= 400 && ATTRIBUTION_ENDINGS.some((pattern) => pattern.test(line));
}

function isSeparator(text: string): boolean {
  if (text.length > 2000) return false;
  const line = normalizeLine(text);
  if (FORWARD_INTRO.test(line)) return true;
  const match = /^-{2,}\s*(.+?)\s*-{2,}$/.exec(line);
  return match !== null && SEPARATOR_PHRASES.has(match[1]!.toLowerCase());
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

interface Token {
  kind: "text" | "open" | "close" | "other";
  raw: string;
  /** Lower-case element name (open and close tokens). */
  name: string;
  attributes: Map<string, string>;
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

/** Class-name fragments of quote containers (clients prefix them when re-quoting: x_gmail_quote, ydp…yahoo_quoted). */
const QUOTE_CLASSES = [
  "gmail_quote", // Gmail
  "yahoo_quoted", // Yahoo
  "moz-cite-prefix", // Thunderbird attribution line
  "moz-forward-container", // Thunderbird forward
  "protonmail_quote", // Proton Mail
  "tutanota_quote", // Tuta
  "zmail_extra", // Zoho
];
/** Ids of quote containers: NetEase/QQ/Foxmail, 139 Mail, Sina, new Outlook for Mac, Yahoo. */
const QUOTE_IDS =
  /^(?:x_)*(?:isReplyContent|isForwardContent|reply139content|origbody|oriMsgHtmlSeperator|mail-editor-reference-message-container|yahoo_quoted(?:_\w+)?)$/i;
/** Ids and classes where Outlook's history begins; it runs to the end of the parent element. */
const OUTLOOK_START_IDS = /^(?:x_)*(?:appendonsend|divRplyFwdMsg|stopSpelling|replySplit)$/i;
const OUTLOOK_START_CLASS = "outlookmessageheader";

function parseTagAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (const match of source.matchAll(pattern)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeText(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const none = new Map<string, string>();
  const n = html.length;
  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) tokens.push({ kind: "text", raw: html.slice(textStart, end), name: "", attributes: none });
  };
  while (i < n) {
    if (html[i] !== "<") {
      i = html.indexOf("<", i);
      if (i === -1) i = n;
      continue;
    }
    const next = html[i + 1] ?? "";
    let end = -1;
    let kind: Token["kind"] = "other";
    if (html.startsWith("<!--", i)) {
      const close = html.indexOf("-->", i + 4);
      end = close === -1 ? n : close + 3;
    } else if (/[A-Za-z]/.test(next) || (next === "/" && /[A-Za-z]/.test(html[i + 2] ?? ""))) {
      kind = next === "/" ? "close" : "open";
      // The tag ends at the first '>' outside a quoted attribute value; a '<' outside quotes first
      // means it was no tag after all (sanitised HTML has none; this keeps hostile input linear).
      let quote: string | null = null;
      for (let j = i + 1; j < n; j++) {
        const c = html[j]!;
        if (quote !== null) {
          if (c === quote) quote = null;
        } else if ((c === '"' || c === "'") && /=\s*$/.test(html.slice(Math.max(i, j - 20), j))) {
          quote = c;
        } else if (c === ">") {
          end = j + 1;
          break;
        } else if (c === "<") {
          break;
        }
      }
    } else if (next === "!" || next === "?") {
      const close = html.indexOf(">", i);
      end = close === -1 ? n : close + 1;
    }
    if (end === -1) {
      i++; // not markup: part of the text
      continue;
    }
    flushText(i);
    const raw = html.slice(i, end);
    if (kind === "other") {
      tokens.push({ kind, raw, name: "", attributes: none });
    } else {
      const match = /^<\/?([A-Za-z][^\s/>]*)/.exec(raw)!;
      const name = match[1]!.toLowerCase();
      const attributes = kind === "open" ? parseTagAttributes(raw.slice(match[0].length, -1)) : none;
      tokens.push({ kind, raw, name, attributes });
    }
    i = end;
    textStart = end;
  }
  flushText(n);
  return tokens;
}

const TEXT_ENTITIES: Record<string, string> = { nbsp: "\u00a0", lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", ensp: " ", emsp: " ", thinsp: " " };

/** Enough entity decoding to read text for the patterns above. */
function decodeText(text: string): string {
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([A-Za-z]+));?/g, (match, hex, decimal, name) => {
    const code = hex !== undefined ? parseInt(hex, 16) : decimal !== undefined ? parseInt(decimal, 10) : -1;
    if (code >= 0) return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
    return TEXT_ENTITIES[name as string] ?? match;
  });
}

const BLOCK_BREAKS = new Set([
  "br", "p", "div", "li", "tr", "td", "th", "table", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
  "pre", "ul", "ol", "dl", "dt", "dd", "section", "article", "header", "footer", "center",
]);

interface Tree {
  tokens: Token[];
  /** Open element each token sits in (-1: top level). */
  parent: number[];
  /** Open tokens: index one past their last token (their end tag, or where they were left open). */
  end: number[];
  /** Close tokens: the open token they end (-1: stray). */
  openOf: number[];
  /** meaningful[k]: tokens before k that show something (non-blank text, an image). */
  meaningful: number[];
  /** The same, leaving out what sits inside a blockquote[type=cite]. */
  meaningfulOutsideCite: number[];
}

/** Blank HTML text: white space and the references that stand for it (&nbsp; …). */
const BLANK_HTML = /(?:[\s\u00a0\u3000\u200b]|&(?:nbsp|ensp|emsp|thinsp|#160|#x0*a0|#8203|#x0*200b|#12288|#x0*3000);?)*/iy;

/** Whether HTML text shows anything (stops at the first character that does). */
function showsText(raw: string): boolean {
  BLANK_HTML.lastIndex = 0;
  BLANK_HTML.test(raw);
  return BLANK_HTML.lastIndex < raw.length;
}

/** How far down the open elements an end tag looks for its start tag (keeps hostile input linear). */
const MAX_END_TAG_SEARCH = 512;

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
      let k = stack.length - 1;
      const floor = Math.max(0, stack.length - MAX_END_TAG_SEARCH);
      while (k >= floor && tokens[stack[k]!]!.name !== token.name) k--;
      if (k < floor) continue; // a stray end tag (or one too far down to look for)
      while (stack.length > k + 1) end[stack.pop()!] = i;
      const open = stack.pop()!;
      end[open] = i + 1;
      openOf[i] = open;
      parent[i] = parent[open]!;
    }
  }
  for (const open of stack) end[open] = n;
  const meaningful = new Array<number>(n + 1).fill(0);
  const meaningfulOutsideCite = new Array<number>(n + 1).fill(0);
  const insideCite = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n; i++) {
    const token = tokens[i]!;
    const p = parent[i]!;
    insideCite[i] = p !== -1 && (insideCite[p]! || isCiteBlockquote(tokens[p]!));
    const shows = (token.kind === "text" && showsText(token.raw)) || (token.kind === "open" && token.name === "img");
    meaningful[i + 1] = meaningful[i]! + (shows ? 1 : 0);
    meaningfulOutsideCite[i + 1] = meaningfulOutsideCite[i]! + (shows && !insideCite[i] ? 1 : 0);
  }
  return { tokens, parent, end, openOf, meaningful, meaningfulOutsideCite };
}

/** One past the last token inside an element (its end tag's index); the whole input for -1. */
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
    if (token.kind === "text") text += decodeText(token.raw);
    else if ((token.kind === "open" || token.kind === "close") && BLOCK_BREAKS.has(token.name)) text += "\n";
  }
  return text;
}

const elementText = (tree: Tree, open: number) => textOf(tree, open + 1, contentEnd(tree, open));

function classTokens(token: Token): string[] {
  return (token.attributes.get("class") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
}

/** A container a mail client names as quoted history (by id or class). */
function isNamedQuoteContainer(token: Token): boolean {
  if (QUOTE_IDS.test(token.attributes.get("id") ?? "")) return true;
  return classTokens(token).some((name) => QUOTE_CLASSES.some((fragment) => name.includes(fragment)));
}

function isCiteBlockquote(token: Token): boolean {
  return token.kind === "open" && token.name === "blockquote" && (token.attributes.get("type") ?? "").toLowerCase() === "cite";
}

function isQuoteContainer(token: Token): boolean {
  return isCiteBlockquote(token) || isNamedQuoteContainer(token);
}

function isOutlookStart(token: Token): boolean {
  return OUTLOOK_START_IDS.test(token.attributes.get("id") ?? "") || classTokens(token).some((name) => name.includes(OUTLOOK_START_CLASS));
}

/** A header block (see isHeaderBlockText) starting with the text of token k. */
function startsHeaderBlock(tree: Tree, k: number): boolean {
  if (!FROM_LABEL.test(decodeText(tree.tokens[k]!.raw.slice(0, 200)))) return false;
  return isHeaderBlockText(textOf(tree, k, tree.tokens.length, 1500).split("\n").filter((line) => !isBlank(line)));
}

/** Whitespace-only text (&nbsp; included). */
const isBlankText = (token: Token) => token.kind === "text" && !showsText(token.raw);

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
    } else if (token.kind === "text" && tree.parent[previous] === parent && RULE_LINE.test(normalizeLine(decodeText(token.raw)))) {
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
    const text = decodeText(token.raw);
    if (isAttribution(text) || isSeparator(text)) return { text: k };
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
  const tree = buildTree(tokenize(html));
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
      if (token.attributes.get(MARK) === "true") {
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
    } else if (token.kind === "text" && token.raw.length <= 4000) {
      if (isSeparator(decodeText(token.raw)) || startsHeaderBlock(tree, k)) markRegion(regionFrom(tree, k));
    }
  }

  if (marked.size === 0 && wraps.length === 0) return html;
  const opens = new Map<number, string>();
  const closes = new Map<number, string>();
  for (const wrap of wraps) {
    opens.set(wrap.start, (opens.get(wrap.start) ?? "") + `<${wrap.tag}${MARK_ATTRIBUTE}>`);
    closes.set(wrap.end, `</${wrap.tag}>` + (closes.get(wrap.end) ?? ""));
  }
  let out = "";
  for (let k = 0; k <= n; k++) {
    out += closes.get(k) ?? "";
    out += opens.get(k) ?? "";
    if (k === n) break;
    const token = tokens[k]!;
    if (marked.has(k) && !token.attributes.has(MARK)) {
      const selfClosing = token.raw.endsWith("/>");
      out += `${token.raw.slice(0, selfClosing ? -2 : -1)}${MARK_ATTRIBUTE}${selfClosing ? "/>" : ">"}`;
    } else {
      out += token.raw;
    }
  }
  return out;
}

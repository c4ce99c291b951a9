import { escapeAttribute, escapeText } from "entities/escape";
import {
  BOOLEAN_ATTRS, COMPOSED_LINK_URL, COMPOSED_TAG_ATTRS, COMPOSED_TAGS, CSS_FUNCTIONS, CSS_PROPERTIES, DATA_IMAGE_URL,
  DROP_WITH_CONTENT, EMAIL_GLOBAL_ATTRS, EMAIL_LINK_URL, EMAIL_TAG_ATTRS, EMAIL_TAGS, REIMPLIED_TAGS, REMOTE_IMAGE_URL, VOID_TAGS,
} from "./html-allowed";
import { trimEndWhere, trimStartWhere } from "../trim-runs";
import { isElement, isHtmlElement, isUnknownElement, parseHtmlBody, walk, type HtmlElement, type HtmlParent } from "./html-tree";

/**
 * Server-side sanitising of HTML from inbound mail. Pure: no I/O, no DOM (workerd has none).
 *
 * The input is parsed as a browser parses it (html-tree.ts: the WHATWG algorithm, so entities,
 * unclosed and misnested tags, raw-text elements and SVG/MathML read exactly as a browser reads
 * them); the walk below then writes every element that may stay from scratch: a name from
 * html-allowed.ts, allowed attributes whose (decoded) values are validated and re-encoded, text
 * escaped. Nothing of the source is copied through, so the output is a canonical form:
 * sanitising it again changes nothing.
 *
 * The UI must still render the result inside `<iframe sandbox srcdoc>` (defence in depth).
 */

export interface SanitizeOptions {
  /** URL for an inline image referenced as cid:<id> (id without brackets), or null if no such attachment. */
  cidUrl: (contentId: string) => string | null;
}

export interface SanitizedHtml {
  html: string;
  /** Images whose http(s) source was not loaded; the URL is kept in `data-remote-src`. */
  blockedRemoteImages: number;
}

/**
 * A carriage return (only a reference like &#13; puts one in the tree) as a reference again: the
 * parser reads a written one as a line feed.
 */
const encodeCarriageReturns = (html: string) => html.replace(/\r/g, "&#13;");

/** An attribute value in double quotes: '&', '"' and no-break space as references, and '<' '>' too (belt and braces). */
const encodeAttribute = (value: string) => encodeCarriageReturns(escapeAttribute(value).replace(/</g, "&lt;").replace(/>/g, "&gt;"));

// ---------------------------------------------------------------------------------------------
// Attributes

const DIMENSION = /^[+-]?\d{1,5}(?:\.\d{1,4})?(?:%|px)?$/i;
const INTEGER = /^-?\d{1,5}$/;
const COLOR = /^(?:#[0-9a-f]{3,8}|[a-z]{1,30}|rgba?\(\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*,\s*\d{1,3}%?\s*(?:,\s*[\d.]{1,5}\s*)?\))$/i;

/** A cleaned attribute value, or null to drop the attribute. Values are already entity-decoded. */
function attributeValue(tag: string, name: string, raw: string): string | null {
  const value = raw.trim();
  switch (name) {
    case "id":
    case "class":
    case "title":
    case "alt":
    case "summary":
    case "face":
      return raw.length <= 2000 ? raw.replace(/[\u0000-\u0008\u000b\u000e-\u001f]/g, "") : null;
    case "style": {
      const css = sanitizeStyle(raw);
      return css === "" ? null : css;
    }
    case "dir":
      return /^(?:ltr|rtl|auto)$/i.test(value) ? value.toLowerCase() : null;
    case "lang":
      return /^[a-z]{1,8}(?:-[a-z0-9]{1,8})*$/i.test(value) ? value : null;
    case "align":
      return /^(?:left|right|center|justify|top|middle|bottom|baseline|absmiddle|absbottom|texttop)$/i.test(value)
        ? value.toLowerCase()
        : null;
    case "valign":
      return /^(?:top|middle|bottom|baseline)$/i.test(value) ? value.toLowerCase() : null;
    case "scope":
      return /^(?:row|col|rowgroup|colgroup)$/i.test(value) ? value.toLowerCase() : null;
    case "width":
    case "height":
    case "border":
    case "cellpadding":
    case "cellspacing":
    case "hspace":
    case "vspace":
    case "size":
      return DIMENSION.test(value) ? value : null;
    case "colspan":
    case "rowspan":
    case "span":
    case "start":
    case "value":
      return INTEGER.test(value) ? value : null;
    case "color":
    case "bgcolor":
      return COLOR.test(value) ? value : null;
    case "type":
      if (tag === "blockquote") return /^cite$/i.test(value) ? "cite" : null;
      if (tag === "ol") return /^[1aAiI]$/.test(value) ? value : null;
      if (tag === "ul") return /^(?:disc|circle|square)$/i.test(value) ? value.toLowerCase() : null;
      return /^(?:[1aAiI]|disc|circle|square)$/.test(value) ? value : null;
    case "data-kefu-quoted":
      return value === "true" ? value : null;
    default:
      return null;
  }
}

const isControlOrSpace = (char: string) => char <= "\u0020";

/** What a URL parser would see: tabs and newlines removed anywhere, C0 controls and spaces trimmed. */
function normalizeUrl(value: string): string {
  return trimStartWhere(trimEndWhere(value.replace(/[\t\n\r]/g, ""), isControlOrSpace), isControlOrSpace);
}

/** What survives: the elements, the attributes on any of them and per element, the link schemes. */
interface Profile {
  tags: ReadonlySet<string>;
  globalAttrs: readonly string[];
  tagAttrs: Readonly<Record<string, readonly string[]>>;
  linkUrl: RegExp;
  /** Written in place of an unknown element that holds elements (so they read back nested the same); null: unwrap it. */
  standIn: "span" | null;
}

/** Inbound mail: what a mail client shows, minus anything that runs or loads. */
const EMAIL_PROFILE: Profile = { tags: EMAIL_TAGS, globalAttrs: EMAIL_GLOBAL_ATTRS, tagAttrs: EMAIL_TAG_ATTRS, linkUrl: EMAIL_LINK_URL, standIn: "span" };

/**
 * What an agent's formatted message may hold (the composer's Markdown, rendered): paragraphs,
 * line breaks, bold, italic, links (http, https, mailto), lists, quotes and code; no attribute but
 * a link's href and a numbered list's start, so no style, class or image.
 */
const COMPOSED_PROFILE: Profile = { tags: COMPOSED_TAGS, globalAttrs: [], tagAttrs: COMPOSED_TAG_ATTRS, linkUrl: COMPOSED_LINK_URL, standIn: null };

function contentIdFromUrl(url: string): string | null {
  let id = url.slice(4);
  try {
    id = decodeURIComponent(id);
  } catch {
    // not percent-encoded after all: use as written
  }
  id = id.trim().replace(/^<(.*)>$/, "$1").trim();
  return id === "" ? null : id;
}

// ---------------------------------------------------------------------------------------------
// Inline CSS

/**
 * A style attribute (already entity-decoded) reduced to whitelisted declarations, written as
 * `prop: value; prop: value`. A declaration is dropped when its value holds a backslash (CSS
 * escapes), '&', '<', '>', braces, '@', a control character, ':' (a scheme), an unbalanced quote
 * or parenthesis, any function other than colours and calc() (so no url(), expression()), the
 * words expression/javascript/vbscript, or a negative margin.
 */
function sanitizeStyle(style: string): string {
  const declarations: string[] = [];
  const withoutComments = style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, " ");
  for (const declaration of withoutComments.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).replace(/\s+/g, " ").trim();
    if (!CSS_PROPERTIES.has(property) || value === "" || value.length > 500) continue;
    if (/[\\&<>{}@`\u0000-\u001f\u007f]/.test(value)) continue;
    if (/expression|javascript|vbscript/i.test(value) || value.includes(":")) continue;
    if ((value.match(/"/g) ?? []).length % 2 !== 0 || (value.match(/'/g) ?? []).length % 2 !== 0) continue;
    const opening = (value.match(/\(/g) ?? []).length;
    if (opening !== (value.match(/\)/g) ?? []).length) continue;
    const functions = [...value.matchAll(/([a-z-]*)\s*\(/gi)].map((m) => (m[1] ?? "").toLowerCase());
    if (functions.some((name) => !CSS_FUNCTIONS.has(name))) continue;
    if (/^(?:margin|padding)/.test(property) && /(?:^|[\s(,])-\s*[\d.]/.test(value)) continue;
    declarations.push(`${property}: ${value}`);
  }
  return declarations.join("; ");
}

// ---------------------------------------------------------------------------------------------
// The walk

interface State {
  options: SanitizeOptions;
  profile: Profile;
  blockedRemoteImages: number;
  /**
   * The tree may hold a nesting its tags do not say when written out: the parser fostered content
   * out of a table (a <dt> fostered into the <dd> holding the table, which a <dt> tag closes), or
   * an element that held elements was unwrapped (a <form> between two <li>s).
   */
  unsaid: boolean;
}

/** Deepest element nesting kept (elements beyond it are dropped, their text kept). */
const MAX_DEPTH = 256;

const LINK_ATTRS = ' rel="noopener noreferrer nofollow" target="_blank"';

/** The start tag written for an allowed element: its allowed attributes, checked, in source order. */
function startTag(state: State, element: HtmlElement): string {
  const { profile } = state;
  const tag = element.tagName;
  const allowed = profile.tagAttrs[tag] ?? [];
  const parts: string[] = [];
  let href: string | null = null;
  let src: string | null = null;
  let dataCid: string | null = null;
  let dataRemoteSrc: string | null = null;
  for (const { name, value } of element.attrs) {
    if (tag === "a" && name === "href") {
      const url = normalizeUrl(value);
      if (profile.linkUrl.test(url)) href = url;
      continue;
    }
    if (tag === "img" && (name === "src" || name === "data-cid" || name === "data-remote-src")) {
      if (name === "src") src = normalizeUrl(value);
      else if (name === "data-cid") dataCid = value.trim();
      else dataRemoteSrc = normalizeUrl(value);
      continue;
    }
    if (!profile.globalAttrs.includes(name) && !allowed.includes(name)) continue;
    if (BOOLEAN_ATTRS.has(name)) {
      parts.push(name);
      continue;
    }
    const clean = attributeValue(tag, name, value);
    if (clean !== null) parts.push(`${name}="${encodeAttribute(clean)}"`);
  }

  let html = `<${tag}`;
  if (parts.length > 0) html += ` ${parts.join(" ")}`;
  if (tag === "a" && href !== null) html += ` href="${encodeAttribute(href)}"${LINK_ATTRS}`;
  if (tag === "img") {
    // Precedence: an inline attachment, an embedded raster image, then a remote image (blocked).
    const cid = dataCid ? dataCid : src !== null && /^cid:/i.test(src) ? contentIdFromUrl(src) : null;
    const cidTarget = cid === null ? null : state.options.cidUrl(cid);
    if (cid !== null && cidTarget !== null) {
      html += ` src="${encodeAttribute(cidTarget)}" data-cid="${encodeAttribute(cid)}"`;
    } else if (cid === null && src !== null && DATA_IMAGE_URL.test(src)) {
      html += ` src="${encodeAttribute(src)}"`;
    } else if (cid === null && src !== null && REMOTE_IMAGE_URL.test(src)) {
      state.blockedRemoteImages++;
      html += ` data-remote-src="${encodeAttribute(src)}"`;
    } else if (cid === null && (src === null || src === "") && dataRemoteSrc !== null && REMOTE_IMAGE_URL.test(dataRemoteSrc)) {
      state.blockedRemoteImages++;
      html += ` data-remote-src="${encodeAttribute(dataRemoteSrc)}"`;
    }
  }
  return `${html}>`;
}

/**
 * How an element is written: "keep" (its own tag), "stand-in" (the profile's neutral tag, for an
 * unknown element holding elements), "implied" (content only: the parser makes the element again),
 * "unwrap" (content only, tags dropped) or "drop" (with content).
 */
function treatment(state: State, element: HtmlElement, depth: number): "keep" | "stand-in" | "implied" | "unwrap" | "drop" {
  const { tagName: tag } = element;
  if (DROP_WITH_CONTENT.has(tag)) return "drop";
  const parserMade = !element.sourceCodeLocation;
  // The parser adds <tbody>, <tr>, <colgroup> itself and adds them again when the output is read;
  // an empty <p> it made for a stray </p> shows nothing.
  if (parserMade && (REIMPLIED_TAGS.has(tag) || (tag === "p" && element.childNodes.length === 0))) return "implied";
  if (state.profile.tags.has(tag) && depth < MAX_DEPTH) return "keep";
  if (state.profile.standIn !== null && depth < MAX_DEPTH && isUnknownElement(element) && element.childNodes.some(isElement)) return "stand-in";
  return "unwrap";
}

/** The body written out: text escaped, allowed elements rebuilt, the rest unwrapped or dropped. */
function write(state: State, body: HtmlParent): string {
  let html = "";
  /** The end tag owed to each element being walked ("" for one unwrapped or void). */
  const endTags: string[] = [];
  let depth = 0;
  /** Where the content of the <pre> just opened begins (-1: none). */
  let preContentAt = -1;
  walk(body, {
    text: (node) => {
      // The parser drops a newline right after <pre>: one that is content is written twice.
      if (html.length === preContentAt && node.value.startsWith("\n")) html += "\n";
      html += encodeCarriageReturns(escapeText(node.value));
    },
    enter: (element) => {
      // Comments, doctypes and SVG/MathML content (which holds no HTML) are left out entirely.
      const how = isHtmlElement(element) ? treatment(state, element, depth) : "drop";
      if (how === "drop") return false;
      if (how === "unwrap" && element.childNodes.some(isElement)) state.unsaid = true;
      const tag = how === "keep" ? element.tagName : how === "stand-in" ? state.profile.standIn! : "";
      if (tag !== "") html += how === "keep" ? startTag(state, element) : `<${tag}>`;
      if (tag === "pre") preContentAt = html.length;
      const endTag = tag === "" || VOID_TAGS.has(tag) ? "" : `</${tag}>`;
      if (endTag !== "") depth++;
      endTags.push(endTag);
      return true;
    },
    leave: () => {
      const endTag = endTags.pop()!;
      if (endTag !== "") depth--;
      html += endTag;
    },
  });
  return html;
}

/**
 * Sanitise the HTML body of an inbound message for display. No script can run in the result,
 * no remote resource loads (remote images keep their URL in data-remote-src), links open in a
 * new browsing context without referrer, and the markup is balanced. Idempotent.
 */
export function sanitizeEmailHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  return sanitize(html, options, EMAIL_PROFILE);
}

/** Text written into HTML as text: nothing in it can open a tag, an entity or leave an attribute. */
export const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Sanitise the HTML of a message an agent wrote (formatted in the composer): only the elements
 * and attributes of the composer's formatting survive, links only to http, https and mailto, each
 * with rel="noopener noreferrer nofollow". Idempotent, like `sanitizeEmailHtml`.
 */
export function sanitizeComposedHtml(html: string): string {
  return sanitize(html, { cidUrl: () => null }, COMPOSED_PROFILE).html;
}

/** Passes at most: a tree whose tags did not say its nesting reads back, in practice, right in the second. */
const MAX_PASSES = 4;

/**
 * The input read and written out; then, where the tree may hold a nesting its tags do not say
 * (State.unsaid), the output read and written again until it reads back as written, so the
 * output is canonical: a browser builds from it the tree that was checked.
 */
function sanitize(html: string, options: SanitizeOptions, profile: Profile): SanitizedHtml {
  let result = sanitizePass(html, options, profile);
  for (let pass = 1; result.unsaid && pass < MAX_PASSES; pass++) {
    const again = sanitizePass(result.html, options, profile);
    if (again.html === result.html) break;
    result = again;
  }
  return { html: result.html, blockedRemoteImages: result.blockedRemoteImages };
}

function sanitizePass(html: string, options: SanitizeOptions, profile: Profile): SanitizedHtml & { unsaid: boolean } {
  const state: State = { options, profile, blockedRemoteImages: 0, unsaid: false };
  const tree = parseHtmlBody(html, { locations: true, onFoster: () => (state.unsaid = true) });
  const body = write(state, tree);
  return { html: body, blockedRemoteImages: state.blockedRemoteImages, unsaid: state.unsaid };
}

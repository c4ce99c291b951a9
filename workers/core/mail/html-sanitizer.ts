// The CommonJS module's default export is filterXSS (named imports are not visible in workerd tests).
import filterXSS from "xss";

/**
 * Server-side sanitising of HTML from inbound mail. Pure: no I/O, no DOM (workerd has none).
 *
 * js-xss (`xss`) does the tokenising (tags, comments, quoted attribute values); every tag that
 * survives is rebuilt here from scratch: a whitelisted name, whitelisted attributes whose values
 * are entity-decoded, validated and re-encoded, and a stack that closes what was left open. The
 * output is therefore a canonical form: sanitising it again changes nothing.
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

// ---------------------------------------------------------------------------------------------
// Character references (attribute values only; text is passed through, escaping only < and >)

/** HTML 4 entities, the HTML 5 legacy ones, and the HTML 5 punctuation names used to hide schemes. */
const NAMED_SOURCE =
  "AElig:c6,AMP:26,Aacute:c1,Acirc:c2,Agrave:c0,Alpha:391,Aring:c5,Atilde:c3,Auml:c4,Beta:392," +
  "COPY:a9,Ccedil:c7,Chi:3a7,Dagger:2021,Delta:394,DoubleRightArrow:21d2,ETH:d0,Eacute:c9,Ecirc:ca," +
  "Egrave:c8,Epsilon:395,Eta:397,Euml:cb,GT:3e,Gamma:393,Hat:5e,Iacute:cd,Icirc:ce,Igrave:cc," +
  "InvisibleTimes:2062,Iota:399,Iuml:cf,Kappa:39a,LT:3c,Lambda:39b,Mu:39c,NegativeThinSpace:200b," +
  "NewLine:a,NonBreakingSpace:a0,Ntilde:d1,Nu:39d,OElig:152,Oacute:d3,Ocirc:d4,Ograve:d2,Omega:3a9," +
  "Omicron:39f,Oslash:d8,Otilde:d5,Ouml:d6,Phi:3a6,Pi:3a0,Prime:2033,Psi:3a8,QUOT:22,REG:ae,Rho:3a1," +
  "Scaron:160,Sigma:3a3,THORN:de,TRADE:2122,Tab:9,Tau:3a4,Theta:398,ThinSpace:2009,Uacute:da," +
  "Ucirc:db,Ugrave:d9,Upsilon:3a5,Uuml:dc,Xi:39e,Yacute:dd,Yuml:178,ZeroWidthSpace:200b,Zeta:396," +
  "aacute:e1,acirc:e2,acute:b4,aelig:e6,af:2061,agrave:e0,alefsym:2135,alpha:3b1,amp:26,and:2227," +
  "ang:2220,apos:27,aring:e5,ast:2a,asymp:2248,atilde:e3,auml:e4,bdquo:201e,beta:3b2,brvbar:a6," +
  "bsol:5c,bull:2022,bullet:2022,cap:2229,ccedil:e7,cedil:b8,cent:a2,centerdot:b7,check:2713," +
  "chi:3c7,circ:2c6,circledR:ae,clubs:2663,colon:3a,comma:2c,commat:40,cong:2245,copy:a9,crarr:21b5," +
  "cross:2717,cup:222a,curren:a4,dArr:21d3,dagger:2020,darr:2193,dash:2010,deg:b0,delta:3b4," +
  "diams:2666,divide:f7,dollar:24,eacute:e9,ecirc:ea,egrave:e8,empty:2205,emsp:2003,ensp:2002," +
  "epsilon:3b5,equals:3d,equiv:2261,eta:3b7,eth:f0,euml:eb,euro:20ac,excl:21,exist:2203,fnof:192," +
  "forall:2200,frac12:bd,frac14:bc,frac34:be,frasl:2044,gamma:3b3,ge:2265,grave:60,gt:3e,hArr:21d4," +
  "harr:2194,hearts:2665,hellip:2026,hyphen:2010,iacute:ed,ic:2063,icirc:ee,iexcl:a1,igrave:ec," +
  "image:2111,infin:221e,int:222b,iota:3b9,iquest:bf,isin:2208,it:2062,iuml:ef,kappa:3ba,lArr:21d0," +
  "lambda:3bb,lang:27e8,laquo:ab,larr:2190,lbrace:7b,lbrack:5b,lceil:2308,lcub:7b,ldquo:201c," +
  "le:2264,leftarrow:2190,lfloor:230a,lowast:2217,lowbar:5f,loz:25ca,lpar:28,lrm:200e,lsaquo:2039," +
  "lsqb:5b,lsquo:2018,lt:3c,macr:af,mdash:2014,micro:b5,midast:2a,middot:b7,minus:2212,mldr:2026," +
  "mu:3bc,nabla:2207,nbsp:a0,ndash:2013,ne:2260,ni:220b,nldr:2025,not:ac,notin:2209,nsub:2284," +
  "ntilde:f1,nu:3bd,num:23,oacute:f3,ocirc:f4,oelig:153,ograve:f2,oline:203e,omega:3c9,omicron:3bf," +
  "oplus:2295,or:2228,ordf:aa,ordm:ba,oslash:f8,otilde:f5,otimes:2297,ouml:f6,para:b6,part:2202," +
  "percnt:25,period:2e,permil:2030,perp:22a5,phi:3c6,pi:3c0,piv:3d6,plus:2b,plusmn:b1,pound:a3," +
  "prime:2032,prod:220f,prop:221d,psi:3c8,quest:3f,quot:22,rArr:21d2,radic:221a,rang:27e9,raquo:bb," +
  "rarr:2192,rbrace:7d,rbrack:5d,rceil:2309,rcub:7d,rdquo:201d,real:211c,reg:ae,rfloor:230b,rho:3c1," +
  "rightarrow:2192,rlm:200f,rpar:29,rsaquo:203a,rsqb:5d,rsquo:2019,sbquo:201a,scaron:161,sdot:22c5," +
  "sect:a7,semi:3b,shy:ad,sigma:3c3,sigmaf:3c2,sim:223c,sol:2f,spades:2660,star:2606,starf:2605," +
  "sub:2282,sube:2286,sum:2211,sup:2283,sup1:b9,sup2:b2,sup3:b3,supe:2287,szlig:df,tau:3c4," +
  "there4:2234,theta:3b8,thetasym:3d1,thinsp:2009,thorn:fe,tilde:2dc,times:d7,trade:2122,uArr:21d1," +
  "uacute:fa,uarr:2191,ucirc:fb,ugrave:f9,uml:a8,upsih:3d2,upsilon:3c5,uuml:fc,verbar:7c,vert:7c," +
  "weierp:2118,xi:3be,yacute:fd,yen:a5,yuml:ff,zeta:3b6,zwj:200d,zwnj:200c";
/** Names a browser also decodes without the ';' (only when not followed by '=' in an attribute). */
const LEGACY_SOURCE =
  "AElig AMP Aacute Acirc Agrave Aring Atilde Auml COPY Ccedil ETH Eacute Ecirc Egrave Euml GT " +
  "Iacute Icirc Igrave Iuml LT Ntilde Oacute Ocirc Ograve Oslash Otilde Ouml QUOT REG THORN Uacute " +
  "Ucirc Ugrave Uuml Yacute aacute acirc acute aelig agrave amp aring atilde auml brvbar ccedil " +
  "cedil cent copy curren deg divide eacute ecirc egrave eth euml frac12 frac14 frac34 gt iacute " +
  "icirc iexcl igrave iquest iuml laquo lt macr micro middot nbsp not ntilde oacute ocirc ograve " +
  "ordf ordm oslash otilde ouml para plusmn pound quot raquo reg sect shy sup1 sup2 sup3 szlig " +
  "thorn times uacute ucirc ugrave uml uuml yacute yen yuml";

const NAMED = new Map<string, string>(
  NAMED_SOURCE.split(",").map((pair) => {
    const [name, hex] = pair.split(":") as [string, string];
    return [name, String.fromCodePoint(parseInt(hex, 16))];
  }),
);
const LEGACY = new Set(LEGACY_SOURCE.split(" "));

/** How a browser maps &#128;–&#159; (windows-1252 code points). */
const C1_REMAP: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function numericReference(digits: string): string {
  const code = digits[0] === "x" || digits[0] === "X" ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(C1_REMAP[code] ?? code);
}

/**
 * An attribute value as the browser sees it: numeric references, the named references in the
 * table, legacy names without ';' unless followed by '=' (HTML "attribute" rules). Unknown names
 * are left as written, and so are they on output (see encodeAttribute), so both agree.
 */
function decodeAttribute(value: string): string {
  return value.replace(
    /&(?:#([xX][0-9a-fA-F]+|[0-9]+);?|([A-Za-z][A-Za-z0-9]*)(;?))/g,
    (match: string, digits: string | undefined, name: string | undefined, semicolon: string, offset: number, whole: string) => {
      if (digits !== undefined) return numericReference(digits);
      if (name === undefined) return match;
      if (semicolon) return NAMED.get(name) ?? match;
      if (LEGACY.has(name) && whole[offset + match.length] !== "=") return NAMED.get(name) ?? match;
      return match;
    },
  );
}

/**
 * The inverse of decodeAttribute for a double-quoted value: decodeAttribute(encodeAttribute(s)) === s.
 * '&' is escaped except where it starts `&name;` with a name outside the table, which the decoder
 * leaves alone too (so a real HTML 5 entity missing from the table still displays right).
 */
function encodeAttribute(value: string): string {
  return value
    .replace(/&(?:([A-Za-z][A-Za-z0-9]*);)?/g, (match: string, name: string | undefined) =>
      name !== undefined && !NAMED.has(name) ? match : `&amp;${match.slice(1)}`,
    )
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

// ---------------------------------------------------------------------------------------------
// Elements

/** Elements that survive (with the attributes below); every other tag is removed, its text kept. */
const ALLOWED_TAGS = new Set([
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br",
  "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
  "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
  "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small",
  "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  "tt", "u", "ul", "var", "wbr",
]);

/** Elements removed together with everything inside them (scripts, styles, embedded documents, foreign content). */
const DROP_WITH_CONTENT = new Set([
  "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "object",
  "applet", "template", "svg", "math", "select", "frameset", "xml", "plaintext",
]);
/** Of those, the ones a browser nests (an inner end tag does not end the outer one). */
const NESTING_DROP = new Set(["svg", "math", "object", "applet", "template", "select", "frameset"]);

const VOID_TAGS = new Set(["br", "hr", "img", "col", "wbr"]);

/** Start tags that close an open <p> (HTML "close a p element in button scope"). */
const CLOSES_P = new Set([
  "address", "article", "aside", "blockquote", "center", "details", "div", "dl", "figcaption", "figure",
  "footer", "header", "main", "nav", "ol", "p", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5",
  "h6", "pre", "table", "hr", "li", "dd", "dt",
]);
/** HTML "special" elements among the allowed ones (they stop the search for an open <li>/<dd>). */
const SPECIAL = new Set([
  "address", "article", "aside", "blockquote", "br", "caption", "center", "col", "colgroup", "dd",
  "details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody",
  "td", "tfoot", "th", "thead", "tr", "ul", "wbr",
]);
const SCOPE_BOUNDARY = new Set(["table", "td", "th", "caption"]);
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const TABLE_SECTIONS = new Set(["tbody", "thead", "tfoot"]);

// ---------------------------------------------------------------------------------------------
// Attributes

/** data-kefu-quoted is the marker quoted-history.ts adds: kept so that marked HTML sanitises to itself. */
const GLOBAL_ATTRS = ["id", "class", "style", "title", "dir", "lang", "align", "data-kefu-quoted"];
const TAG_ATTRS: Record<string, readonly string[]> = {
  a: ["href"],
  img: ["alt", "width", "height", "border", "hspace", "vspace", "valign"],
  table: ["width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "summary"],
  td: ["width", "height", "colspan", "rowspan", "valign", "bgcolor", "nowrap"],
  th: ["width", "height", "colspan", "rowspan", "valign", "bgcolor", "nowrap", "scope"],
  tr: ["height", "valign", "bgcolor"],
  tbody: ["valign"],
  thead: ["valign"],
  tfoot: ["valign"],
  col: ["span", "width", "valign"],
  colgroup: ["span", "width", "valign"],
  font: ["color", "face", "size"],
  hr: ["width", "size", "noshade", "color"],
  ol: ["type", "start", "reversed"],
  ul: ["type"],
  li: ["type", "value"],
  blockquote: ["type"],
  details: ["open"],
};

const BOOLEAN_ATTRS = new Set(["nowrap", "noshade", "reversed", "open"]);

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

/** What a URL parser would see: tabs and newlines removed anywhere, C0 controls and spaces trimmed. */
function normalizeUrl(value: string): string {
  return value.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
}

const LINK_URL = /^(?:https?:|mailto:|tel:)/i;

/** What survives: the elements, the attributes on any of them and per element, the link schemes. */
interface Profile {
  tags: ReadonlySet<string>;
  globalAttrs: readonly string[];
  tagAttrs: Readonly<Record<string, readonly string[]>>;
  linkUrl: RegExp;
}

/** Inbound mail: what a mail client shows, minus anything that runs or loads. */
const EMAIL_PROFILE: Profile = { tags: ALLOWED_TAGS, globalAttrs: GLOBAL_ATTRS, tagAttrs: TAG_ATTRS, linkUrl: LINK_URL };

/**
 * What an agent's formatted message may hold (the composer's Markdown, rendered): paragraphs,
 * line breaks, bold, italic, links (http, https, mailto), lists, quotes and code; no attribute but
 * a link's href and a numbered list's start, so no style, class or image.
 */
const COMPOSED_PROFILE: Profile = {
  tags: new Set(["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"]),
  globalAttrs: [],
  tagAttrs: { a: ["href"], ol: ["start"] },
  linkUrl: /^(?:https?:|mailto:)/i,
};
const REMOTE_IMAGE_URL = /^(?:https?:)?\/\/[^\s]/i;
const DATA_IMAGE_URL = /^data:image\/(?:png|jpeg|jpg|gif|webp)(?:;[a-z0-9_.+=-]+)*;base64,[a-z0-9+/=\s]*$/i;

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

/** Attributes as an HTML tokenizer reads them (before-attribute-name … attribute-value states). */
function parseAttributes(source: string): [string, string | null][] {
  const attributes: [string, string | null][] = [];
  const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f";
  const n = source.length;
  let i = 0;
  while (i < n) {
    while (i < n && (isSpace(source[i]) || source[i] === "/")) i++;
    if (i >= n) break;
    const nameStart = i;
    i++; // the first character may be '='
    while (i < n && !isSpace(source[i]) && source[i] !== "/" && source[i] !== "=" && source[i] !== ">") i++;
    const name = source.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(source[i])) i++;
    if (source[i] !== "=") {
      attributes.push([name, null]);
      continue;
    }
    i++;
    while (i < n && isSpace(source[i])) i++;
    const quote = source[i];
    if (quote === '"' || quote === "'") {
      const end = source.indexOf(quote, i + 1);
      attributes.push([name, source.slice(i + 1, end === -1 ? n : end)]);
      i = end === -1 ? n : end + 1;
    } else {
      const valueStart = i;
      while (i < n && !isSpace(source[i]) && source[i] !== ">") i++;
      attributes.push([name, source.slice(valueStart, i)]);
    }
  }
  return attributes;
}

// ---------------------------------------------------------------------------------------------
// Inline CSS

/** Properties kept in style="" (values are checked too). No position, offsets, z-index, transforms. */
const CSS_PROPERTIES = new Set([
  "color", "background", "background-color", "opacity", "visibility",
  "font", "font-family", "font-size", "font-style", "font-weight", "font-variant", "font-stretch",
  "text-align", "text-align-last", "text-decoration", "text-decoration-line", "text-decoration-color",
  "text-decoration-style", "text-indent", "text-transform", "text-overflow", "text-shadow",
  "line-height", "letter-spacing", "word-spacing", "white-space", "word-wrap", "word-break",
  "overflow-wrap", "vertical-align", "direction", "unicode-bidi", "hyphens",
  "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
  "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
  "border", "border-top", "border-right", "border-bottom", "border-left",
  "border-width", "border-style", "border-color", "border-collapse", "border-spacing", "border-radius",
  "border-top-width", "border-right-width", "border-bottom-width", "border-left-width",
  "border-top-style", "border-right-style", "border-bottom-style", "border-left-style",
  "border-top-color", "border-right-color", "border-bottom-color", "border-left-color",
  "border-top-left-radius", "border-top-right-radius", "border-bottom-left-radius", "border-bottom-right-radius",
  "outline", "outline-color", "outline-style", "outline-width",
  "width", "height", "min-width", "max-width", "min-height", "max-height", "box-sizing",
  "display", "float", "clear", "overflow", "overflow-x", "overflow-y",
  "list-style", "list-style-type", "list-style-position",
  "table-layout", "caption-side", "empty-cells",
]);
/** The only CSS functions allowed in a value: no url(), image-set(), expression(), attr(), env(), var(). */
const CSS_FUNCTIONS = new Set(["rgb", "rgba", "hsl", "hsla", "calc"]);

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
// The sanitiser

interface State {
  options: SanitizeOptions;
  profile: Profile;
  /** Open allowed elements, outermost first. */
  stack: string[];
  /** Inside a removed element: its name and nesting depth. */
  dropping: { tag: string; depth: number } | null;
  blockedRemoteImages: number;
}

/** Deepest element nesting kept (start tags beyond it are dropped, their text kept). */
const MAX_DEPTH = 256;

const LINK_ATTRS = ' rel="noopener noreferrer nofollow" target="_blank"';

/** Index of the innermost open element matching `target`, or -1 if a `stop` element comes first. */
function findOpen(stack: string[], target: (tag: string) => boolean, stop: (tag: string) => boolean): number {
  for (let i = stack.length - 1; i >= 0; i--) {
    const tag = stack[i]!;
    if (target(tag)) return i;
    if (stop(tag)) return -1;
  }
  return -1;
}

function closeFrom(stack: string[], index: number): string {
  let html = "";
  while (stack.length > index) html += `</${stack.pop()}>`;
  return html;
}

/** End tags implied by a start tag (the HTML tree builder's rules for p, li, dd/dt, tables, headings, a). */
function impliedEndTags(stack: string[], tag: string): string {
  let html = "";
  const closeIfOpen = (target: (t: string) => boolean, stop: (t: string) => boolean) => {
    const index = findOpen(stack, target, stop);
    if (index !== -1) html += closeFrom(stack, index);
  };
  const listStop = (t: string) => SPECIAL.has(t) && t !== "address" && t !== "div" && t !== "p";
  if (tag === "li") closeIfOpen((t) => t === "li", listStop);
  if (tag === "dd" || tag === "dt") closeIfOpen((t) => t === "dd" || t === "dt", listStop);
  if (tag === "td" || tag === "th") closeIfOpen((t) => t === "td" || t === "th", (t) => t === "tr" || t === "table" || TABLE_SECTIONS.has(t));
  if (tag === "tr") closeIfOpen((t) => t === "tr", (t) => t === "table" || TABLE_SECTIONS.has(t));
  if (TABLE_SECTIONS.has(tag)) closeIfOpen((t) => TABLE_SECTIONS.has(t), (t) => t === "table");
  if (tag === "a") closeIfOpen((t) => t === "a", (t) => SCOPE_BOUNDARY.has(t));
  if (CLOSES_P.has(tag)) closeIfOpen((t) => t === "p", (t) => SCOPE_BOUNDARY.has(t));
  if (HEADINGS.has(tag) && HEADINGS.has(stack.at(-1) ?? "")) html += closeFrom(stack, stack.length - 1);
  return html;
}

function endTag(stack: string[], tag: string): string {
  if (VOID_TAGS.has(tag)) return tag === "br" ? "<br>" : ""; // a browser reads </br> as <br>
  let stop: (t: string) => boolean;
  if (tag === "table") stop = () => false;
  else if (tag === "tr" || tag === "td" || tag === "th" || tag === "caption" || TABLE_SECTIONS.has(tag)) stop = (t) => t === "table";
  else if (tag === "li") stop = (t) => SCOPE_BOUNDARY.has(t) || t === "ul" || t === "ol";
  else stop = (t) => SCOPE_BOUNDARY.has(t);
  const index = findOpen(stack, (t) => t === tag, stop);
  return index === -1 ? "" : closeFrom(stack, index);
}

function startTag(state: State, tag: string, attributeSource: string): string {
  const { profile } = state;
  const allowed = profile.tagAttrs[tag] ?? [];
  const seen = new Set<string>();
  const parts: string[] = [];
  let href: string | null = null;
  let src: string | null = null;
  let dataCid: string | null = null;
  let dataRemoteSrc: string | null = null;
  for (const [name, rawValue] of parseAttributes(attributeSource)) {
    if (seen.has(name)) continue; // the first of duplicate attributes wins, as in a browser
    seen.add(name);
    const value = rawValue === null ? "" : decodeAttribute(rawValue);
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

function onTag(state: State, raw: string): string {
  const match = /^<(\/?)([A-Za-z][^\s/>]*)/.exec(raw);
  // Not a tag a browser would build (or a tag cut off by the end of input): drop it.
  if (!match || !raw.endsWith(">")) return "";
  const closing = match[1] === "/";
  const tag = match[2]!.toLowerCase();

  if (state.dropping) {
    const dropping = state.dropping;
    if (tag === dropping.tag && dropping.tag !== "plaintext") {
      if (closing) dropping.depth--;
      else if (NESTING_DROP.has(tag)) dropping.depth++;
      if (dropping.depth === 0) state.dropping = null;
    }
    return "";
  }
  if (DROP_WITH_CONTENT.has(tag)) {
    if (!closing) state.dropping = { tag, depth: 1 };
    return "";
  }
  if (!state.profile.tags.has(tag)) return "";
  if (closing) return endTag(state.stack, tag);

  const implied = impliedEndTags(state.stack, tag);
  // Browsers stop nesting at a few hundred levels too; the cap keeps every stack search short.
  if (!VOID_TAGS.has(tag) && state.stack.length >= MAX_DEPTH) return implied;
  const html = implied + startTag(state, tag, raw.slice(match[0].length, -1));
  if (!VOID_TAGS.has(tag)) state.stack.push(tag);
  return html;
}

/**
 * A text run as js-xss hands it over. Every '<' left in the input starts a tag (see below), so a
 * '<' in a text run is a tag the tokenizer gave up on (interrupted by another '<', or an attribute
 * quote still open at the end): a browser does not show it either, so it goes, from the '<' on.
 */
function textOutsideTags(text: string): string {
  const lt = text.indexOf("<");
  return (lt === -1 ? text : text.slice(0, lt)).replace(/>/g, "&gt;");
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

function sanitize(html: string, options: SanitizeOptions, profile: Profile): SanitizedHtml {
  const state: State = { options, profile, stack: [], dropping: null, blockedRemoteImages: 0 };
  // A '<' that cannot start a tag is text for a browser; say so before tokenising.
  const input = html.replace(/\u0000/g, "").replace(/<(?![A-Za-z/!?])/g, "&lt;");
  const body = filterXSS(input, {
    whiteList: {},
    css: false,
    allowCommentTag: false,
    escapeHtml: (text: string) => (state.dropping ? "" : textOutsideTags(text)),
    onTag: (_tag: string, raw: string) => onTag(state, raw),
  });
  return { html: body + closeFrom(state.stack, 0), blockedRemoteImages: state.blockedRemoteImages };
}

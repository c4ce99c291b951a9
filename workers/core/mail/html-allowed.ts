/**
 * What the HTML sanitiser (html-sanitizer.ts) lets through, as data: elements, attributes, link
 * schemes and inline CSS. Changing what mail may show is an edit here, not in the walk.
 */

/** Elements that survive (with the attributes below); every other element is removed, its text kept. */
export const EMAIL_TAGS: ReadonlySet<string> = new Set([
  "a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "br",
  "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
  "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
  "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small",
  "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
  "tt", "u", "ul", "var", "wbr",
]);

/** Elements removed together with everything inside them (scripts, styles, embedded documents; SVG and MathML go by namespace). */
export const DROP_WITH_CONTENT: ReadonlySet<string> = new Set([
  "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "object",
  "applet", "template", "select", "frameset", "plaintext", "xml",
]);

/** Elements the parser may add without a tag in the source, which it adds again on re-reading: left implicit. */
export const REIMPLIED_TAGS: ReadonlySet<string> = new Set(["tbody", "tr", "colgroup"]);

/** Void elements among the allowed ones (no end tag, no content). */
export const VOID_TAGS: ReadonlySet<string> = new Set(["br", "hr", "img", "col", "wbr"]);

/** data-kefu-quoted is the marker quoted-history.ts adds: kept so that marked HTML sanitises to itself. */
export const EMAIL_GLOBAL_ATTRS: readonly string[] = ["id", "class", "style", "title", "dir", "lang", "align", "data-kefu-quoted"];

export const EMAIL_TAG_ATTRS: Readonly<Record<string, readonly string[]>> = {
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

export const BOOLEAN_ATTRS: ReadonlySet<string> = new Set(["nowrap", "noshade", "reversed", "open"]);

/** Link targets in inbound mail. */
export const EMAIL_LINK_URL = /^(?:https?:|mailto:|tel:)/i;

/** What an agent's formatted message may hold (the composer's Markdown, rendered). */
export const COMPOSED_TAGS: ReadonlySet<string> = new Set(["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"]);
export const COMPOSED_TAG_ATTRS: Readonly<Record<string, readonly string[]>> = { a: ["href"], ol: ["start"] };
export const COMPOSED_LINK_URL = /^(?:https?:|mailto:)/i;

/** Images: remote ones are blocked (URL kept in data-remote-src); embedded ones only as raster data. */
export const REMOTE_IMAGE_URL = /^(?:https?:)?\/\/[^\s]/i;
export const DATA_IMAGE_URL = /^data:image\/(?:png|jpeg|jpg|gif|webp)(?:;[a-z0-9_.+=-]+)*;base64,[a-z0-9+/=\s]*$/i;

/** Properties kept in style="" (values are checked too). No position, offsets, z-index, transforms. */
export const CSS_PROPERTIES: ReadonlySet<string> = new Set([
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
export const CSS_FUNCTIONS: ReadonlySet<string> = new Set(["rgb", "rgba", "hsl", "hsla", "calc"]);

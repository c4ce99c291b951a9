import { defaultTreeAdapter, html as spec, parseFragment, type DefaultTreeAdapterTypes } from "parse5";

/**
 * HTML as a browser builds it: the WHATWG parsing algorithm (parse5), with its entity decoding,
 * implied end tags, foster parenting, raw-text elements and foreign (SVG, MathML) content. The
 * one HTML parser of the mail code: the sanitiser, quoted-history detection and text rendering
 * all walk this tree.
 */
export type HtmlNode = DefaultTreeAdapterTypes.ChildNode;
export type HtmlElement = DefaultTreeAdapterTypes.Element;
export type HtmlParent = DefaultTreeAdapterTypes.ParentNode;

export interface ParseOptions {
  /** Keep each node's offsets in the source (`sourceCodeLocation`); costs some CPU. */
  locations?: boolean;
  /**
   * Called when the parser moves content found inside a table out in front of it (foster
   * parenting): the tree then holds nestings that its tags, written out, do not read back as.
   */
  onFoster?: () => void;
}

/**
 * parse5's default tree, but a node's end position is written into its location object instead
 * of a copy (the default copies the object for every end tag and every merged text run; the
 * location objects are the node's own).
 */
const treeAdapter: typeof defaultTreeAdapter = {
  ...defaultTreeAdapter,
  updateNodeSourceCodeLocation(node, endLocation) {
    if (node.sourceCodeLocation) Object.assign(node.sourceCodeLocation, endLocation);
    else node.sourceCodeLocation = endLocation as DefaultTreeAdapterTypes.Element["sourceCodeLocation"];
  },
};

/** The context the mail's HTML is read in: the content of a <body> (as `body.innerHTML = html` reads it). */
const BODY = defaultTreeAdapter.createElement("body", spec.NS.HTML, []);

/**
 * `html` as the content of a <body>: a full document's <html>, <head> and <body> tags are
 * ignored (what they hold stays; <title>, <style>, <meta> become elements to drop), white space
 * is kept, and a <frameset> is no reason to throw the rest away.
 */
export function parseHtmlBody(html: string, options: ParseOptions = {}): HtmlParent {
  const { onFoster } = options;
  const adapter: typeof treeAdapter = onFoster
    ? {
        ...treeAdapter,
        insertBefore(parent, node, reference) {
          onFoster();
          treeAdapter.insertBefore(parent, node, reference);
        },
        insertTextBefore(parent, text, reference) {
          onFoster();
          treeAdapter.insertTextBefore(parent, text, reference);
        },
      }
    : treeAdapter;
  return parseFragment(BODY, html, { sourceCodeLocationInfo: options.locations ?? false, treeAdapter: adapter });
}

export const isElement = (node: HtmlNode | DefaultTreeAdapterTypes.Node): node is HtmlElement => "tagName" in node;

export const isText = (node: HtmlNode): node is DefaultTreeAdapterTypes.TextNode => node.nodeName === "#text";

/** An HTML-namespace element (not SVG or MathML content). */
export const isHtmlElement = (node: HtmlNode): node is HtmlElement => isElement(node) && node.namespaceURI === spec.NS.HTML;

/** The value of an attribute (already entity-decoded), or undefined. */
export function attributeOf(element: HtmlElement, name: string): string | undefined {
  for (const attribute of element.attrs) if (attribute.name === name && !attribute.prefix) return attribute.value;
  return undefined;
}

/**
 * An element whose name HTML does not know (Office's <o:p>, custom tags): the parser builds it as
 * an ordinary element, exactly as it builds a <span>, so a <span> in its place reads back the same.
 */
export const isUnknownElement = (element: HtmlElement) => spec.getTagID(element.tagName) === spec.TAG_ID.UNKNOWN;

/** What a walk does at each node; comments and doctypes are passed over. */
export interface HtmlVisitor {
  text(node: DefaultTreeAdapterTypes.TextNode): void;
  /** An element: true to walk its content and then call `leave`, false to skip both. */
  enter(element: HtmlElement): boolean;
  leave(element: HtmlElement): void;
}

/** Visits the tree below `root` in document order, iteratively (any depth). */
export function walk(root: HtmlParent, visitor: HtmlVisitor): void {
  const frames: { nodes: readonly HtmlNode[]; next: number; element: HtmlElement | null }[] = [{ nodes: root.childNodes, next: 0, element: null }];
  while (frames.length > 0) {
    const frame = frames.at(-1)!;
    const node = frame.nodes[frame.next++];
    if (node === undefined) {
      frames.pop();
      if (frame.element !== null) visitor.leave(frame.element);
    } else if (isText(node)) {
      visitor.text(node);
    } else if (isElement(node) && visitor.enter(node)) {
      frames.push({ nodes: node.childNodes, next: 0, element: node });
    }
  }
}

import { h, type ComponentChild } from "preact";
import { useMemo } from "preact/hooks";
import "./composer-formatting.css";

/** The elements a formatted agent message may hold (the server's composed-HTML allow-list). */
const ELEMENTS = new Set(["p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"]);
const LINK = /^(?:https?:|mailto:)/i;

/** An element of the server's sanitised HTML as a Preact node, again keeping only the allowed elements and links. */
function toNode(node: Node, key: number): ComponentChild {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const element = node as Element;
  const name = element.localName;
  const children = [...element.childNodes].map(toNode);
  if (!ELEMENTS.has(name)) return children;
  const props: Record<string, string | number> = { key };
  if (name === "a") {
    const href = element.getAttribute("href") ?? "";
    if (LINK.test(href)) Object.assign(props, { href, target: "_blank", rel: "noopener noreferrer nofollow" });
  }
  if (name === "ol" && /^\d{1,9}$/.test(element.getAttribute("start") ?? "")) props.start = Number(element.getAttribute("start"));
  return h(name, props, children);
}

/**
 * A message an agent formatted in the composer: the server's sanitised HTML shown in the page
 * (not in a frame, as customer mail is), rebuilt element by element from an inert parse — no HTML
 * string is ever set on the page, and nothing outside the composer's formatting is rendered.
 */
export function FormattedMessage(props: { html: string }) {
  const nodes = useMemo(() => [...new DOMParser().parseFromString(props.html, "text/html").body.childNodes].map(toNode), [props.html]);
  return <div class="message-formatted">{nodes}</div>;
}

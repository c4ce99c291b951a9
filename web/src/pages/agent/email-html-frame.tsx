import { useMemo } from "preact/hooks";
import { messages } from "../../i18n";

const text = messages({
  en: { frameTitle: "E-mail content", quoted: "Show quoted history" },
  "zh-CN": { frameTitle: "邮件内容", quoted: "显示引用的历史邮件" },
});

/**
 * The frame's document starts with a Content-Security-Policy that lets nothing load (no remote
 * images, fonts, frames or scripts; only inline styles and data: images), and the iframe's empty
 * sandbox runs no script and gives the content an opaque origin. Links open nowhere: with
 * `<base target=_blank>` a click asks for a pop-up, which the sandbox refuses.
 */
const HEAD =
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
  `<base target="_blank"><style>html,body{margin:0}body{padding:2px 4px;font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2933;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}pre{white-space:pre-wrap}</style>`;

/**
 * Splits sanitised HTML into what the sender wrote and the quoted history the server marked
 * with data-kefu-quoted. DOMParser builds an inert document: nothing in it runs or loads.
 */
export function splitQuotedHtml(html: string): { main: string; quoted: string; mainText: string } {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const marked = [...doc.querySelectorAll("[data-kefu-quoted]")].filter((el) => !el.parentElement?.closest("[data-kefu-quoted]"));
  const quoted = marked.map((el) => el.outerHTML).join("");
  for (const el of marked) el.remove();
  return { main: doc.body.innerHTML, quoted, mainText: doc.body.textContent?.trim() ?? "" };
}

/** A height for the frame from the content's size (its document cannot be measured from outside an opaque origin); the frame can be resized. */
function estimatedHeight(html: string): number {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const lines = Math.ceil((doc.body.textContent?.length ?? 0) / 70) + doc.body.querySelectorAll("p,br,div,li,tr,h1,h2,h3,h4,blockquote").length;
  const images = doc.body.querySelectorAll("img").length;
  return Math.min(520, Math.max(80, lines * 21 + images * 60 + 24));
}

/** Sanitised e-mail HTML in a sandboxed frame. */
export function EmailHtmlFrame(props: { html: string; title?: string }) {
  const height = useMemo(() => estimatedHeight(props.html), [props.html]);
  return <iframe class="email-frame" sandbox="" srcdoc={HEAD + props.html} title={props.title ?? text().frameTitle} style={{ height: `${height}px` }} />;
}

/** An e-mail's HTML body, its quoted history folded (unfolded when the sender wrote nothing above it). */
export function EmailHtml(props: { html: string }) {
  const t = text();
  const { main, quoted, mainText } = useMemo(() => splitQuotedHtml(props.html), [props.html]);
  const mainEmpty = !mainText && !/<img/i.test(main);
  return (
    <>
      {(!mainEmpty || !quoted) && <EmailHtmlFrame html={main} />}
      {quoted && (
        <details class="quoted" open={mainEmpty}>
          <summary>{t.quoted}</summary>
          <EmailHtmlFrame html={quoted} />
        </details>
      )}
    </>
  );
}

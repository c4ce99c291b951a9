import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeComposedHtml } from "../../workers/core/mail/html-sanitizer";
import { mimeStructure } from "../../workers/core/mail/mailer";
import { composeReplyEmail } from "../../workers/core/mail/reply-email";
import { formatBody } from "../../workers/core/tickets/message-format";

const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], strong: [], em: [], ul: [], li: [], blockquote: [], code: [], pre: [],
  a: ["href", "rel", "target"],
  ol: ["start"],
};
const TAG = /<(\/?)([A-Za-z][^\s/>]*)((?:\s[a-z-]+="[^"<>]*")*)>/g;

/** Every tag of the HTML: allowed, with allowed attributes, links only to http, https and mailto. */
function expectOnlyAllowed(html: string) {
  expect(html.replace(TAG, ""), html).not.toContain("<");
  for (const [, , name, attributes] of html.matchAll(TAG)) {
    expect(Object.keys(ALLOWED), html).toContain(name);
    for (const [, attribute, value] of attributes!.matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
      expect(ALLOWED[name!], `${attribute} on ${name} in ${html}`).toContain(attribute);
      if (attribute === "href") expect(value).toMatch(/^(?:https?:|mailto:)/i);
      if (attribute === "rel") expect(value).toContain("noopener");
    }
  }
}

// Markdown's own syntax, typed HTML, and the ways of smuggling a script or a scheme past a filter.
const hostile = fc.constantFrom(
  "**", "_", "*", "`", "```\n", "> ", "- ", "1. ", "\n", "\n\n", "# ", "---\n", "| a | b |\n|---|---|\n", "[", "]", "(", ")", "<", ">", "&", '"', "'",
  "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java\tscript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](data:text/html,<script>alert(1)</script>)",
  "[x](vbscript:msgbox)", "<javascript:alert(1)>", "[x]: javascript:alert(1)\n[x]", "![i](https://e.vil/x.png)", "![i](x \"y\" onerror=alert(1))",
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<style>*{}</style>", "<iframe src=//e.vil>", "<svg onload=alert(1)>",
  "<p style=\"color:red\" onclick=\"x()\">", "[ok](https://example.com/a?b=1&c=\"2\")", "[m](mailto:li@example.com)", "<!-- x -->", "&lt;b&gt;", "word", "文字", " ",
);
const markdownArb = fc.array(fc.oneof(hostile, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join(""));

const wordArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{2,9}$/);
/** Markdown built from words with every construct of the toolbar, and the words in it. */
const formattedArb = fc
  .array(
    fc.tuple(
      fc.constantFrom<(w: string[]) => string>(
        (w) => w.join(" "),
        (w) => w.map((x) => `**${x}**`).join(" "),
        (w) => w.map((x) => `_${x}_`).join(" "),
        (w) => w.map((x) => `\`${x}\``).join(" "),
        (w) => w.map((x) => `[${x}](https://example.com/${x})`).join(" "),
        (w) => w.map((x) => `- ${x}`).join("\n"),
        (w) => w.map((x, i) => `${i + 1}. ${x}`).join("\n"),
        (w) => w.map((x) => `> ${x}`).join("\n"),
      ),
      fc.array(wordArb, { minLength: 1, maxLength: 5 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((blocks) => ({ markdown: blocks.map(([make, words]) => make(words)).join("\n\n"), words: blocks.flatMap(([, words]) => words) }));

describe("formatBody: a message's Markdown as sanitised HTML and plain text", () => {
  it("renders the composer's formatting", () => {
    const { html, text } = formatBody("Hi **Li**, _sorry_ — see [the guide](https://example.com/g) or `reset`.\n\n- one\n- two\n\n3. three\n\n> quoted", "markdown");
    expect(html).toBe(
      '<p>Hi <strong>Li</strong>, <em>sorry</em> — see <a href="https://example.com/g" rel="noopener noreferrer nofollow" target="_blank">the guide</a> or <code>reset</code>.</p>\n' +
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n" +
        '<ol start="3">\n<li>three</li>\n</ol>\n' +
        "<blockquote>\n<p>quoted</p>\n</blockquote>\n",
    );
    expect(text).toBe("Hi Li, sorry — see the guide (https://example.com/g) or reset.\n\n- one\n- two\n\n3. three\n\n> quoted");
  });

  it("shows typed HTML as text and keeps no script, image, style or unsafe link", () => {
    const { html, text } = formatBody('<b>bold?</b> <script>alert(1)</script> ![x](https://e.vil/t.png) [click](javascript:alert(1))\n\n-- \nLi Wei', "markdown");
    expect(html).toBe("<p>&lt;b&gt;bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; x <a>click</a></p>\n<p>--<br>Li Wei</p>\n");
    expect(text).toBe("<b>bold?</b> <script>alert(1)</script> x click\n\n-- \nLi Wei");
  });

  it("plain text (the API's default) is kept as it is, with no HTML", () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        expect(formatBody(body)).toEqual({ text: body, html: null });
      }),
    );
  });

  it("never lets a disallowed tag, attribute or link scheme through, and sanitising the result again changes nothing (property)", () => {
    fc.assert(
      fc.property(markdownArb, (markdown) => {
        const { html } = formatBody(markdown, "markdown");
        expectOnlyAllowed(html!);
        expect(sanitizeComposedHtml(html!)).toBe(html);
      }),
      { numRuns: 500 },
    );
  });

  it("the plain text and the HTML hold every word written (property)", () => {
    fc.assert(
      fc.property(formattedArb, ({ markdown, words }) => {
        const { html, text } = formatBody(markdown, "markdown");
        const shown = html!.replace(/<[^>]*>/g, " ");
        for (const word of words) {
          expect(text).toContain(word);
          expect(shown).toContain(word);
        }
        expect(text).not.toMatch(/\*\*|<\/?[a-z]/);
      }),
    );
  });
});

describe("sanitizeComposedHtml", () => {
  it("keeps only the composer's elements and safe links, whatever HTML it is given (property)", () => {
    fc.assert(
      fc.property(markdownArb, (html) => {
        expectOnlyAllowed(sanitizeComposedHtml(html));
      }),
      { numRuns: 500 },
    );
  });

  it("drops Word's and a web page's extras, keeping the text", () => {
    const word = `<p class="MsoNormal" style="mso-line-height-rule:exactly"><b><span style='font-family:"Calibri"'>Hello</span></b><o:p></o:p></p><table><tr><td>cell</td></tr></table><img src="cid:x"><a href="https://example.com" onclick="x()">site</a><a href="tel:123">call</a>`;
    expect(sanitizeComposedHtml(word)).toBe('<p>Hello</p>cell<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">site</a><a>call</a>');
  });
});

describe("a formatted reply's email", () => {
  const input = { ticketNumber: 7, ticketSubject: "Lid", body: "Sorry, **Li**.", agentName: "Olivia <Acme>", workspaceName: "Acme & Co" };

  it("has an HTML alternative with the same signature block when the body has HTML, and none otherwise", () => {
    expect(composeReplyEmail(input).html).toBeNull();
    const { html, text } = composeReplyEmail({ ...input, html: "<p>Sorry, <strong>Li</strong>.</p>", fileLinks: [{ filename: "big<1>.pdf", size: 9 * 1024 * 1024, url: "https://kefu.example/files/t", validDays: 30 }] });
    expect(text).toContain("Olivia <Acme>\nAcme & Co");
    expect(html).toBe(
      "<p>Sorry, <strong>Li</strong>.</p><p>Files too large to attach (download links, valid for 30 days):</p>" +
        '<ul><li>big&lt;1&gt;.pdf (9.0 MB): <a href="https://kefu.example/files/t" rel="noopener noreferrer nofollow" target="_blank">https://kefu.example/files/t</a></li></ul>' +
        "<p>--<br>Olivia &lt;Acme&gt;<br>Acme &amp; Co</p><p>Ticket #7. Reply to this email to add to your request.</p>",
    );
  });

  it("is sent as multipart/alternative, inside multipart/mixed with files", () => {
    expect(mimeStructure({ html: null })).toBe("text/plain");
    expect(mimeStructure({ html: "<p>x</p>" })).toBe("multipart/alternative (text/plain, text/html)");
    expect(mimeStructure({ html: "<p>x</p>", attachments: [{ contentType: "application/pdf" }] })).toBe("multipart/mixed (multipart/alternative (text/plain, text/html), application/pdf)");
  });
});

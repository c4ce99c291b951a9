import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlToText } from "../../workers/core/mail/html-to-text";

describe("htmlToText", () => {
  it("keeps what a reader sees, with line breaks at blocks", () => {
    const html = `<html><head><title>x</title><style>p{color:red}</style></head><body>
      <p>Hello&nbsp;Li,</p><div>Your order <b>A-2291</b> ships&hellip; today.<br>Thanks!</div>
      <script>alert(1)</script><!-- hidden --><ul><li>one</li><li>two &amp; three</li></ul></body></html>`;
    expect(htmlToText(html)).toBe("Hello Li,\n\nYour order A-2291 ships… today.\nThanks!\n\none\n\ntwo & three");
  });

  it("decodes numeric and named entities as a browser does, and leaves unknown ones", () => {
    expect(htmlToText("&#36827;&#x5EA6; &euro;5 &bogus; &#0;")).toBe("进度 €5 &bogus; \ufffd");
  });

  // Each of these read wrong with the hand-written tokenizer this module had before the HTML parser (html-tree.ts).
  it("decodes entities without their semicolon, as browsers do (&amp &nbsp &copy, &#39 &#x27)", () => {
    expect(htmlToText("<p>Fish &amp chips&nbsp;&nbspnow &copy 2026 &#39;it&#39s&#x27 here &lang;</p>")).toBe("Fish & chips now © 2026 'it's' here ⟨");
  });

  it("knows every HTML5 named reference, not a short list (&check; &frac12; &rarr; &hearts; &Uuml;)", () => {
    expect(htmlToText("&check; &frac12; &rarr; &hearts; &Uuml;ber &mdash; &Tab;x")).toBe("✓ ½ → ♥ Über — x");
  });

  it("reads a '>' inside a quoted attribute value as part of the tag, not the start of text", () => {
    expect(htmlToText(`<p title="a > b">Visible</p><img alt="x > y" src="z">`)).toBe("Visible");
  });

  it("drops what a browser does not show: unclosed comments, <noscript>, <svg> text, the <title>", () => {
    expect(htmlToText("<title>Invoice</title><svg><text>logo</text></svg><noscript>enable JS</noscript><p>Body</p><!-- tracking <p>hidden</p>")).toBe("Body");
  });

  it("takes markup inside an attribute value (</p><script>) for the value, not for tags", () => {
    expect(htmlToText(`<a title="</p><script>">Link</a> after`)).toBe("Link after");
  });

  it("breaks lines at blocks a browser closes implicitly (<p> and <li> left open)", () => {
    expect(htmlToText("<p>one<p>two<ul><li>three<li>four</ul>")).toBe("one\n\ntwo\n\nthree\n\nfour");
  });

  it("never leaves a tag, and keeps plain text intact (property)", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9\u4e00-\u4fff]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 10 }), fc.constantFrom("p", "div", "span", "b", "td"), (words, tag) => {
        const text = htmlToText(words.map((w) => `<${tag} class="x">${w}</${tag}>`).join(""));
        expect(text).not.toMatch(/<[a-z/]/i);
        for (const w of words) expect(text).toContain(w);
      }),
    );
  });
});

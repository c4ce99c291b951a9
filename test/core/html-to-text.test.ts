import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText } from "../../workers/core/mail/html-to-text";

describe("htmlToText", () => {
  it("keeps what a reader sees, with line breaks at blocks", () => {
    const html = `<html><head><title>x</title><style>p{color:red}</style></head><body>
      <p>Hello&nbsp;Li,</p><div>Your order <b>A-2291</b> ships&hellip; today.<br>Thanks!</div>
      <script>alert(1)</script><!-- hidden --><ul><li>one</li><li>two &amp; three</li></ul></body></html>`;
    expect(htmlToText(html)).toBe("Hello Li,\n\nYour order A-2291 ships… today.\nThanks!\n\none\n\ntwo & three");
  });

  it("decodes numeric and named entities, and leaves unknown ones", () => {
    expect(decodeEntities("&#36827;&#x5EA6; &euro;5 &bogus; &#0;")).toBe("进度 €5 &bogus; &#0;");
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

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { USER_LANGUAGES } from "../../schema";
import { detectLanguage, mailLanguage } from "../../workers/core/mail/mail-language";

const language = fc.constantFrom(...USER_LANGUAGES);
const han = fc.constantFrom(..."茶壶盖子碎了谢谢订单退款");
const noLetters = fc.stringMatching(/^[0-9 .,:;!?#\-–—()\n]*$/);

describe("detectLanguage", () => {
  it("reads Han script as Simplified Chinese, Latin letters as English, no letters as nothing", () => {
    expect(detectLanguage("茶壶盖子碎了")).toBe("zh-CN");
    expect(detectLanguage("Re: order 123 – 谢谢")).toBe("zh-CN");
    expect(detectLanguage("My teapot arrived broken")).toBe("en");
    expect(detectLanguage("")).toBeNull();
    expect(detectLanguage("12345 -- !!")).toBeNull();
    expect(detectLanguage("Привет")).toBeNull();
  });

  it("any text holding a Han character is Chinese, wherever it sits", () => {
    fc.assert(fc.property(fc.string(), han, fc.string(), (before, c, after) => detectLanguage(`${before}${c}${after}`) === "zh-CN"));
  });
});

describe("mailLanguage: stored, else detected, else the workspace default", () => {
  it("a stored language always wins over the text and the default", () => {
    fc.assert(fc.property(language, fc.string(), language, (stored, text, fallback) => mailLanguage({ stored, text }, fallback) === stored));
  });

  it("without a stored language, the detected one wins over the default", () => {
    fc.assert(
      fc.property(fc.constantFrom(null, undefined), fc.string(), language, (stored, text, fallback) => {
        const detected = detectLanguage(text);
        return mailLanguage({ stored, text }, fallback) === (detected ?? fallback);
      }),
    );
  });

  it("a person with nothing stored and nothing to read gets the workspace default", () => {
    fc.assert(fc.property(noLetters, language, (text, fallback) => mailLanguage({ stored: null, text }, fallback) === fallback && mailLanguage({ stored: null }, fallback) === fallback));
  });

  it("Chinese text without a stored language is Chinese whatever the default", () => {
    fc.assert(fc.property(fc.string(), han, language, (text, c, fallback) => mailLanguage({ stored: null, text: text + c }, fallback) === "zh-CN"));
  });
});

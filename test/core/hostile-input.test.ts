import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeEmailHtml } from "../../workers/core/mail/html-sanitizer";
import { droppingPlusTag } from "../../workers/core/mail/plus-tag";
import { markQuotedHtml, splitQuotedText } from "../../workers/core/mail/quoted-history";
import { normalizeHeader } from "../../workers/core/mail/raw-headers";
import { referencedMessageIds, subjectTicketNumber } from "../../workers/core/mail/threading";
import { formatBody } from "../../workers/core/tickets/message-format";
import { PLACEHOLDERS, renderTemplate, unknownPlaceholders, type PlaceholderValues } from "../../workers/core/tickets/templates";
import { bareSubject } from "../../workers/core/tickets/ticket-ref";

/**
 * Mail (and what agents type) is hostile input. Each function here once ran a regex that retried
 * a long run from each of its characters (quadratic or cubic: one line of 1,999 dashes took 1.4 s,
 * 40,000 spaces 1.7 s); each is now a scan or an unambiguous pattern. The properties check that
 * each reads short inputs exactly as the old regex did (the regex is the model); the hostile cases
 * are sized so that the old code would run for minutes, the new one for milliseconds.
 */
const over = (alphabet: string[], maxLength = 14) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((parts) => parts.join(""));

describe("the same reading as the old regexes, on short inputs", () => {
  it("Message-IDs referred to: `<id>` or a bare run with an `@` inside", () => {
    const oldIds = (text: string) => text.match(/<[^<>\s]+>|[^\s<>,]+@[^\s<>,]+/g) ?? [];
    fc.assert(
      fc.property(over(["a", "@", "<", ">", " ", ",", "."]), (text) => {
        const expected = [...new Set(oldIds(text).map((id) => id.trim().replace(/^<+/, "").replace(/>+$/, "").trim()).filter(Boolean))];
        expect(referencedMessageIds(text, null)).toEqual(expected);
      }),
    );
  });

  it("a ticket number typed in a subject", () => {
    const oldTyped = /(?:^|[\s(（:：])(?:#|(?:ticket|case|request|工单|单号)\s*#?\s*)(\d{1,9})(?!\d)/iu;
    fc.assert(
      fc.property(over(["ticket", "#", " ", "12", "x", "(", "工单"]), (subject) => {
        const typed = /\[#(\d{1,9})\]/.test(subject) ? null : oldTyped.exec(subject);
        if (typed) expect(subjectTicketNumber(subject)).toEqual({ number: Number(typed[1]), tagged: false });
        else if (!/\[#/.test(subject)) expect(subjectTicketNumber(subject)).toBeNull();
      }),
    );
  });

  it("a subject without its ticket tags and reply prefixes", () => {
    const oldBare = (s: string) => s.replace(/\s*\[#\d+\]\s*/g, " ").replace(/^\s*((re|fwd?|aw|wg|sv|antw|回复|答复|转发)\s*[:：]\s*)+/i, "").trim();
    fc.assert(
      fc.property(over(["[#1]", "[#", "]", " ", "\t", "Re:", "a", "#2"]), (subject) => {
        expect(bareSubject(subject)).toBe(oldBare(subject));
      }),
    );
  });

  it("an address without its plus tag", () => {
    fc.assert(
      fc.property(over(["a", "+", "@", "b"]), (address) => {
        expect(droppingPlusTag(address)).toBe(address.replace(/\+[^@]*@/, "@"));
      }),
    );
  });

  it("template placeholders, their names trimmed", () => {
    const values = Object.fromEntries(PLACEHOLDERS.map((name) => [name, `<${name}>`])) as PlaceholderValues;
    const oldPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;
    fc.assert(
      fc.property(over(["{{", "}}", "{", "}", " ", "\n", "ticket.number", "x"]), (template) => {
        expect(renderTemplate(template, values)).toBe(template.replace(oldPattern, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as keyof PlaceholderValues] : whole)));
        const known = new Set<string>(PLACEHOLDERS);
        expect(unknownPlaceholders(template)).toEqual([...new Set([...template.matchAll(oldPattern)].map((m) => m[1]!).filter((name) => !known.has(name)))]);
      }),
    );
  });

  it("a formatted message's text: no spaces or tabs before a line end", () => {
    fc.assert(
      fc.property(over(["a", " ", "\t", "\n", "b"]), (body) => {
        expect(formatBody(body, "markdown").text).not.toMatch(/[ \t]\n/);
      }),
    );
  });
});

describe("hostile input stays linear", () => {
  const run = (n: number, char = " ") => char.repeat(n);

  it("quoted history: lines of dashes, of spaces, and a From label followed by spaces", () => {
    const dashes = Array.from({ length: 30 }, () => `${run(1_999, "-")}x`).join("\n");
    const text = `Hello\n${dashes}\n${run(200_000)}x\nFrom${run(200_000)}x\n\n-----Original Message-----\nFrom: a@b.example\nold`;
    const { body, quoted } = splitQuotedText(text);
    expect(quoted).toContain("-----Original Message-----");
    expect(body).toContain(`${run(1_999, "-")}x`);
    expect(markQuotedHtml(`<p>${run(1_999, "-")}x</p>`.repeat(30))).not.toContain("data-kefu-quoted");
  });

  it("a link whose URL holds a long run of spaces", () => {
    const { html } = sanitizeEmailHtml(`<a href="https://a.example/${run(200_000)}x">y</a>`, { cidUrl: () => null });
    expect(html).toContain(`href="https://a.example/${run(200_000)}x"`);
  });

  it("References without an @, a subject of spaces, a Cc of plus signs, a header of encoded-words", () => {
    expect(referencedMessageIds(null, run(500_000, "a"))).toEqual([]);
    expect(subjectTicketNumber(`ticket${run(500_000)}x`)).toBeNull();
    expect(bareSubject(`x${run(500_000)}x`)).toBe(`x${run(500_000)}x`);
    expect(droppingPlusTag(`x@${run(500_000, "+")}`)).toBe(`x@${run(500_000, "+")}`);
    const header = `Subject: ${'"=?utf-8?q?a?=,'.repeat(60_000)}\r\n`;
    expect(normalizeHeader(header)).toBe(header);
  });

  it("what agents write: a template of open braces and spaces", () => {
    expect(unknownPlaceholders(`{{${run(20_000)}`)).toEqual([]);
    expect(renderTemplate(`{{${run(20_000)}}}`, Object.fromEntries(PLACEHOLDERS.map((name) => [name, ""])) as PlaceholderValues)).toBe(`{{${run(20_000)}}}`);
  });
});

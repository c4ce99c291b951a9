import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CJK_CHARACTER, containsPattern, isCjkGram, MAX_SEARCH_TERMS, searchTerms, type SearchTerm } from "../../workers/core/tickets/search-query";

/** The literal text a LIKE pattern made by containsPattern stands for; throws on an unescaped wildcard. */
function unLike(pattern: string): string {
  expect(pattern.startsWith("%") && pattern.endsWith("%") && pattern.length >= 2).toBe(true);
  const body = pattern.slice(1, -1);
  let text = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") {
      const next = body[++i];
      expect(next === "\\" || next === "%" || next === "_", `escape of ${next} in ${pattern}`).toBe(true);
      text += next;
    } else {
      expect(c === "%" || c === "_", `unescaped wildcard in ${pattern}`).toBe(false);
      text += c;
    }
  }
  return text;
}

/** The word an FTS5 phrase made by searchTerms stands for; fails on an unpaired quote. */
function unPhrase(phrase: string): string {
  expect(phrase.length >= 2 && phrase.startsWith('"') && phrase.endsWith('"')).toBe(true);
  const body = phrase.slice(1, -1);
  expect(body.replaceAll('""', "")).not.toContain('"');
  return body.replaceAll('""', '"');
}

const wordOf = (term: SearchTerm) => (term.kind === "match" ? unPhrase(term.value) : term.kind === "gram" ? term.value : unLike(term.value));

const wordArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.constantFrom("退款", "订单", "a", "ab", "abc", "50%", "a_b", "C:\\tmp", 'say"hi', "AND", "OR", "NOT", "NEAR", "col:x", "abc*", "^abc", "(x)", "-x", "+x"),
);
const queryArb = fc.array(fc.tuple(wordArb, fc.constantFrom(" ", "  ", "\t", "\n")), { maxLength: 12 }).map((ws) => ws.map(([w, sep]) => w + sep).join(""));

describe("containsPattern", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    expect(containsPattern("50%")).toBe("%50\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("C:\\tmp")).toBe("%C:\\\\tmp%");
    expect(containsPattern("退款")).toBe("%退款%");
  });

  it("always stands for exactly the text it was given (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        expect(unLike(containsPattern(text))).toBe(text);
      }),
    );
  }, 120_000);
});

describe("searchTerms", () => {
  it("splits on whitespace; 1-2 CJK characters become gram terms, other short words LIKE patterns, others quoted MATCH phrases", () => {
    expect(searchTerms("  退款  refund 5%  ")).toEqual([
      { kind: "gram", value: "退款" },
      { kind: "match", value: '"refund"' },
      { kind: "like", value: "%5\\%%" },
    ]);
  });

  it("counts characters, not UTF-16 units: two emoji are a short term, three CJK characters a long one", () => {
    expect(searchTerms("😀😀")).toEqual([{ kind: "like", value: "%😀😀%" }]);
    expect(searchTerms("𠀀𠀁")).toEqual([{ kind: "gram", value: "𠀀𠀁" }]);
    expect(searchTerms("退款单")).toEqual([{ kind: "match", value: '"退款单"' }]);
  });

  it("doubles quotes inside a phrase and drops quotes around a word", () => {
    expect(searchTerms('say"hi "refund"')).toEqual([
      { kind: "match", value: '"say""hi"' },
      { kind: "match", value: '"refund"' },
    ]);
  });

  it("treats control characters (NUL, DEL, C1) as word breaks: they never reach the database", () => {
    expect(searchTerms("refund\u0000退款\u007fx\u0085yz")).toEqual([
      { kind: "match", value: '"refund"' },
      { kind: "gram", value: "退款" },
      { kind: "like", value: "%x%" },
      { kind: "like", value: "%yz%" },
    ]);
    expect(searchTerms("\u0000\u0001\u001f")).toEqual([]);
  });

  it("gives nothing for an empty or blank query", () => {
    expect(searchTerms("")).toEqual([]);
    expect(searchTerms(" \t\n ")).toEqual([]);
    expect(searchTerms('"" ""')).toEqual([]);
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} terms, the first ones typed`, () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}`);
    const terms = searchTerms(words.join(" "));
    expect(terms).toHaveLength(MAX_SEARCH_TERMS);
    expect(terms.map(wordOf)).toEqual(words.slice(0, MAX_SEARCH_TERMS));
  });

  it("returns each word once", () => {
    expect(searchTerms("refund refund ab ab")).toEqual([
      { kind: "match", value: '"refund"' },
      { kind: "like", value: "%ab%" },
    ]);
  });

  it("makes well-formed, distinct, bounded terms for any query (property)", () => {
    fc.assert(
      fc.property(fc.oneof(queryArb, fc.string({ unit: "binary" })), (query) => {
        const terms = searchTerms(query);
        expect(terms.length).toBeLessThanOrEqual(MAX_SEARCH_TERMS);
        const words = terms.map(wordOf);
        expect(new Set(words).size).toBe(words.length);
        terms.forEach((term, i) => {
          const word = words[i]!;
          expect(word).not.toBe("");
          expect(word).not.toMatch(/[\s\p{Cc}]/u);
          expect(term.kind).toBe([...word].length >= 3 ? "match" : [...word].every((c) => CJK_CHARACTER.test(c)) ? "gram" : "like");
        });
      }),
    );
  });

  it("keeps the typed words in order when they have no quotes (property)", () => {
    const plainWord = fc.string({ minLength: 1, maxLength: 8 }).filter((w) => !/[\s"]/.test(w) && w === w.normalize("NFKC"));
    // A ticket number typed with its `#` is searched for without it (and as the number): fast-check found "#0".
    const asSearched = (word: string) => (/^#\d{1,9}$/.test(word) ? word.slice(1) : word);
    fc.assert(
      fc.property(fc.uniqueArray(plainWord, { maxLength: 12 }), (words) => {
        expect(searchTerms(words.join(" ")).map(wordOf)).toEqual(words.slice(0, MAX_SEARCH_TERMS).map(asSearched));
      }),
    );
    expect(searchTerms("#0 tea").map((t) => [wordOf(t), t.number])).toEqual([
      ["0", 0],
      ["tea", undefined],
    ]);
  });
});

describe("isCjkGram", () => {
  it("holds for one or two characters of the CJK ranges (both edges of each), not outside them", () => {
    for (const word of ["茶", "退款", "\u3040", "\u31FF", "\u3400", "\u9FFF", "\uAC00", "\uD7AF", "\uF900", "\uFAFF", "\u{20000}", "\u{3FFFD}", "の한"]) expect(isCjkGram(word), word).toBe(true);
    for (const word of ["", "退款单", "\u303F", "\u3002", "\u3200", "\u33FF", "\uA000", "\uD7B0", "\uFB00", "\u{1FFFF}", "\u{3FFFE}", "\uFF11", "a退", "退 ", "😀"]) expect(isCjkGram(word), word).toBe(false);
  });
});

// The terms run against the real search index (the ticket_search FTS5 trigram table from the
// migrations) exactly as ticket-store.ts uses them.
describe("searchTerms against the search index", () => {
  const TENANT = "ten_search_terms_test";
  let rowid = 1_000_000;

  async function index(content: string): Promise<string> {
    const ticketId = `tkt_${rowid}`;
    await env.DB.prepare("insert into ticket_search (rowid, tenant_id, ticket_id, content) values (?, ?, ?, ?)").bind(rowid++, TENANT, ticketId, content).run();
    return ticketId;
  }

  async function find(query: string): Promise<string[]> {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const sets = await Promise.all(
      terms.map(async (term) => {
        const test = term.kind === "match" ? "ticket_search match ?" : "content like ? escape '\\'";
        // A gram term's own index is tested in test/worker/cjk-search.test.ts; here, what it stands for.
        const value = term.kind === "gram" ? containsPattern(term.value) : term.value;
        const { results } = await env.DB.prepare(`select ticket_id from ticket_search where tenant_id = ? and ${test}`).bind(TENANT, value).all<{ ticket_id: string }>();
        return new Set(results.map((r) => r.ticket_id));
      }),
    );
    return [...sets.reduce((a, b) => new Set([...a].filter((x) => b.has(x))))].sort();
  }

  let refund: string, percent: string, underscore: string, chinese: string, quoted: string;
  beforeAll(async () => {
    refund = await index("Please refund order 1234");
    percent = await index("Discount of 50% applied");
    underscore = await index("error code a_b in the log");
    chinese = await index("我要退款，订单号１２３４５");
    quoted = await index('He said "hello world" twice');
  });

  it("finds words through the FTS index and short words by substring", async () => {
    expect(await find("refund")).toEqual([refund]);
    expect(await find("REFUND order")).toEqual([refund]);
    expect(await find("退款")).toEqual([chinese]);
  });

  it("treats LIKE wildcards literally", async () => {
    expect(await find("0%")).toEqual([percent]);
    expect(await find("a_")).toEqual([underscore]);
    expect(await find("_")).toEqual([underscore]);
  });

  it("treats FTS syntax in a word literally, without a query error", async () => {
    expect(await find('"hello')).toEqual([quoted]);
    expect(await find('"hello world"')).toEqual([quoted]);
    for (const q of ["AND", "NOT refund", "col:x", "refund*", "^refund", "(refund)", "NEAR(refund", '"""']) await find(q);
  });

  it("finds any word copied out of an indexed text (property)", async () => {
    const textArb = fc.string({ unit: fc.constantFrom(..."abcXYZ 0123%_\\\"'*:()-^退款订单号你好"), minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(textArb, async (text) => {
        const id = await index(`start ${text} end`);
        for (const word of text.split(/\s+/).filter((w) => w.replace(/^"+|"+$/g, "") !== "")) expect(await find(word), word).toContain(id);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  // Customers often type full-width digits and letters (CJK input methods). The index stores text
  // as written; a word copied from that text must still find it.
  it("finds full-width text copied out of a ticket", async () => {
    expect(await find("１２３４５")).toEqual([chinese]);
    expect(await find("订单号１２３４５")).toEqual([chinese]);
  });
});

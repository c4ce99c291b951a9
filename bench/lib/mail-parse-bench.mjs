// The parse + sanitise CPU per message of the mail HTML code before and after the HTML parser
// change (issue 14), next to a floor, in one workerd process and one run. Part of the email
// benchmark (bench/run-email-bench.mjs; `--parse-only` runs just this part).
//
// The "before" code is read from git (the commit before the one that added
// workers/core/mail/html-tree.ts; BENCH_HTML_BEFORE=<commit> chooses another) into
// bench/mail-parse/before/, which this removes again; it never enters production code.
// bench/mail-parse/worker.ts serves both versions and the floor: POST /?impl=floor|before|after.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runLoad } from "./load.mjs";
import { benchEnv, startDev, stopDev } from "./wrangler.mjs";
import { workerdCpuMs } from "./workerd-cpu.mjs";

const DIR = join("bench", "mail-parse", "before");
const MODULES = ["html-sanitizer", "quoted-history", "html-to-text"];
const CORPUS = "../shared/corpus/email";
const IMPLS = ["floor", "before", "after"];

const git = (args) => execFileSync("git", args, { encoding: "utf8", maxBuffer: 64 << 20 });

export function beforeCommit() {
  if (process.env.BENCH_HTML_BEFORE) return git(["rev-parse", process.env.BENCH_HTML_BEFORE]).trim();
  const added = git(["log", "--diff-filter=A", "--format=%H", "--", "workers/core/mail/html-tree.ts"]).trim().split("\n").at(-1);
  if (!added) throw new Error("workers/core/mail/html-tree.ts has no history: set BENCH_HTML_BEFORE");
  return git(["rev-parse", `${added}^`]).trim();
}

function writeWorker(commit) {
  mkdirSync(DIR, { recursive: true });
  for (const name of MODULES) writeFileSync(join(DIR, `${name}.ts`), git(["show", `${commit}:workers/core/mail/${name}.ts`]));
  const imports = (from, as) =>
    `import { sanitizeEmailHtml as ${as}Sanitize } from "${from}/html-sanitizer";\n` +
    `import { markQuotedHtml as ${as}Mark, splitQuotedText as ${as}Split } from "${from}/quoted-history";\n` +
    `import { htmlToText as ${as}Text } from "${from}/html-to-text";\n`;
  const version = (as) => `{ sanitizeEmailHtml: ${as}Sanitize, markQuotedHtml: ${as}Mark, splitQuotedText: ${as}Split, htmlToText: ${as}Text }`;
  writeFileSync(
    join(DIR, "entry.ts"),
    `// Written by bench/lib/mail-parse-bench.mjs: "before" is ${commit}.\nimport { mailParseWorker } from "../worker";\n` +
      imports(".", "before") + imports("../../../workers/core/mail", "after") +
      `export default mailParseWorker({ before: ${version("before")}, after: ${version("after")} });\n`,
  );
  writeFileSync(join(DIR, "wrangler.toml"), `name = "kefu-bench-mail-parse"\nmain = "entry.ts"\ncompatibility_date = "2026-11-01"\n`);
}

/** An HTML-only message of about `bytes` bytes: a reply (styled paragraphs, entities, links) over Gmail-quoted history with a table and a tracking pixel. */
export function htmlMail(bytes, n) {
  const quote =
    `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 3 Mar 2026 at 10:00, Acme Support &lt;support@acme.example&gt; wrote:<br></div>` +
    `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex"><table width="600" cellpadding="0"><tr><td style="font-size:14px">Thanks for your order.</td></tr></table>` +
    `<img src="https://tracker.example/p.gif?u=${n}" width="1" height="1"></blockquote></div>`;
  let html = `<html><head><style>p{color:#333}</style></head><body><div dir="ltr">`;
  for (let i = 0; html.length + quote.length < bytes - 400; i++)
    html += `<p style="margin:0 0 8px;font-family:Arial,sans-serif">Hello team,&nbsp;order <b>A-${i}</b> arrived damaged &amp; the box was open &mdash; <a href="https://shop.example/o/${i}">order page</a>.</p>\n`;
  html += `</div>${quote}</body></html>`;
  return Buffer.from(
    [`From: Bench Customer <bench${n % 7}@example.com>`, "To: support@bench.example", `Subject: Bench ${bytes} ${n}`, `Message-ID: <parse-${bytes}-${n}@example.com>`,
      "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "", html, ""].join("\r\n"),
  );
}

/** The shared corpus's messages as delivered (an mbox "From " line taken off). */
function corpusMessages() {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(CORPUS, f));
      return raw.subarray(0, 5).toString("latin1") === "From " ? raw.subarray(raw.indexOf(10) + 1) : raw;
    });
}

async function drive(port, impl, messages, count) {
  return runLoad({
    count,
    concurrency: 2,
    maxMs: 900_000,
    request: async (i) => {
      const res = await fetch(`http://127.0.0.1:${port}/?impl=${impl}`, { method: "POST", body: messages[i % messages.length] });
      await res.text();
      return res.status === 200;
    },
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Runs the kinds (corpus, 2 KB, 100 KB) through floor, before and after, `repeats` times
 * interleaved (floor, before, after, floor, …; a warm-up round first), and prints the median CPU
 * per message of each. Returns the rows.
 */
export async function runMailParseBench({ port = 8813, scale = Number(process.env.BENCH_PARSE_SCALE ?? 1), repeats = Number(process.env.BENCH_PARSE_REPEATS ?? 3) } = {}) {
  const commit = beforeCommit();
  const after = git(["rev-parse", "--short", "HEAD"]).trim();
  writeWorker(commit);
  const corpus = corpusMessages();
  const kinds = [
    { kind: `shared corpus (${corpus.length} messages)`, messages: corpus, count: Math.round(corpus.length * 5 * scale) },
    { kind: "generated HTML 2 KB", messages: Array.from({ length: 50 }, (_, n) => htmlMail(2 * 1024, n)), count: Math.round(400 * scale) },
    { kind: "generated HTML 100 KB", messages: Array.from({ length: 10 }, (_, n) => htmlMail(100 * 1024, n)), count: Math.round(40 * scale) },
  ];
  let dev;
  const rows = [];
  try {
    dev = await startDev({ name: "mail-parse", args: ["-c", join(DIR, "wrangler.toml")], port, env: benchEnv, readyPath: "/?impl=floor" });
    for (const { kind, messages, count } of kinds) {
      const cpu = Object.fromEntries(IMPLS.map((impl) => [impl, []]));
      let failures = 0;
      for (const impl of IMPLS) failures += (await drive(port, impl, messages, messages.length)).failures; // warm-up
      for (let r = 0; r < repeats; r++)
        for (const impl of IMPLS) {
          const cpu0 = workerdCpuMs(dev.child.pid);
          failures += (await drive(port, impl, messages, count)).failures;
          cpu[impl].push((workerdCpuMs(dev.child.pid) - cpu0) / count);
        }
      const bytes = messages.reduce((sum, m) => sum + m.length, 0) / messages.length;
      rows.push({ kind, bytes, count, floor: median(cpu.floor), before: median(cpu.before), after: median(cpu.after), failures });
    }
  } finally {
    if (dev) await stopDev(dev);
    rmSync(DIR, { recursive: true, force: true });
  }
  console.log(`\nParse + sanitise (postal-mime, html-to-text, quoted history, sanitiser) per message: before = ${commit.slice(0, 7)}, after = ${after} (working tree),`);
  console.log(`one workerd process, median of ${repeats} interleaved rounds after a warm-up; floor = the same request reading the raw bytes only\n`);
  console.log("| messages | avg size | msgs per round | floor CPU ms/msg | before ms/msg | after ms/msg | after − floor vs before − floor | failures |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows)
    console.log(
      `| ${r.kind} | ${(r.bytes / 1024).toFixed(1)} KB | ${r.count} | ${r.floor.toFixed(2)} | ${r.before.toFixed(2)} | ${r.after.toFixed(2)} | ${((r.after - r.floor) / (r.before - r.floor)).toFixed(2)}× | ${r.failures} |`,
    );
  return rows;
}

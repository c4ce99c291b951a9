// Browser tests: the web app in Chromium (playwright-core; find-browser.mjs finds or gets one),
// against a fresh `wrangler dev` with its own state on a free port. Builds nothing:
// `npm run test:browser` builds the web app first. Screenshots of the main pages go to test/browser/screenshots/ (git-ignored).
//
//   npm run test:browser                       all flows
//   node test/browser/run.mjs reports outbox   only flows whose file name contains a word given
//
// Each flow is a module in flows/ (run in file-name order) that exports `title` and a default
// async function receiving the context below; it gets its own browser context (own cookies and
// storage) and page, and may open more contexts with `newContext()`.
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { findBrowser } from "./find-browser.mjs";
import * as harness from "./harness.mjs";

const started = Date.now();
const only = process.argv.slice(2);
const flowDir = join(import.meta.dirname, "flows");
const files = readdirSync(flowDir)
  .filter((f) => f.endsWith(".mjs"))
  .filter((f) => !only.length || only.some((word) => f.includes(word)))
  .sort();

mkdirSync(harness.SCREENSHOTS, { recursive: true });
const { check, results } = harness.checker();
let server;
let browser;
try {
  server = await harness.startServer();
  console.log(`wrangler dev ready at ${harness.BASE} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const found = await findBrowser();
  console.log(`browser: ${found.path} (${found.source})`);
  browser = await chromium.launch({ executablePath: found.path, args: ["--no-sandbox"], env: { ...process.env, ...found.env } });
  // Two flows at a time (KEFU_BROWSER_LANES): each works in its own workspace, so most can share
  // the server. A flow that runs the cron or raw SQL (its parameters name `runCron` or `sql`)
  // changes time or data for every workspace, so it runs alone. Each flow's lines are printed
  // together when it ends.
  const lanes = Math.max(1, Number(process.env.KEFU_BROWSER_LANES ?? 2));
  const runFlow = async (file) => {
    const flowStarted = Date.now();
    const lines = [];
    const flowCheck = (name, ok, detail = "") => {
      const line = check.line(name, ok, detail);
      lines.push(line);
      return Boolean(ok);
    };
    const contexts = [];
    const newContext = async (options = {}) => {
      const context = await browser.newContext({ baseURL: harness.BASE, viewport: { width: 1280, height: 900 }, locale: "en-US", acceptDownloads: true, ...options });
      // Generous: a loaded 2-core CI machine can take many seconds for one render; a real failure
      // still ends the wait, with the locator in the message.
      context.setDefaultTimeout(30_000);
      context.setDefaultNavigationTimeout(60_000);
      contexts.push(context);
      return context;
    };
    let flow;
    try {
      flow = await import(pathToFileURL(join(flowDir, file)).href);
    } catch (error) {
      lines.unshift(`\n${file}`);
      flowCheck(`${file} loads`, false, error?.stack ?? error);
      console.log(lines.join("\n"));
      return;
    }
    lines.push(`\n${flow.title ?? file}`);
    const context = await newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    try {
      await flow.default({ browser, context, page, base: harness.BASE, check: flowCheck, newContext, ...harness });
      flowCheck("no uncaught errors in the page", errors.length === 0, errors.join("\n"));
    } catch (error) {
      flowCheck(`${file} ran to the end`, false, error?.stack ?? error);
      await page
        .screenshot({ path: join(harness.SCREENSHOTS, `failed-${file.replace(/\.mjs$/, "")}.png`), fullPage: true })
        .catch(() => undefined);
    } finally {
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    }
    lines.push(`  (${((Date.now() - flowStarted) / 1000).toFixed(1)} s)`);
    console.log(lines.join("\n"));
  };
  const runsAlone = async (file) => {
    const flow = await import(pathToFileURL(join(flowDir, file)).href).catch(() => null);
    const params = String(flow?.default ?? "").slice(0, String(flow?.default ?? "").indexOf(")"));
    return /\b(runCron|sql)\b/.test(params);
  };
  const running = new Set();
  for (const file of files) {
    const alone = await runsAlone(file);
    while (running.size >= lanes || (alone && running.size > 0)) await Promise.race(running);
    const run = runFlow(file).finally(() => running.delete(run));
    running.add(run);
    if (alone) await run;
  }
  await Promise.all(running);
} catch (error) {
  check("browser test run", false, `${error?.stack ?? error}${server ? `\n--- wrangler output ---\n${server.log().slice(-3000)}` : ""}`);
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop();
}

console.log(`\nbrowser: ${results.passed} passed, ${results.failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${harness.SCREENSHOTS}/`);
process.exitCode = results.failed || !results.passed ? 1 : 0;

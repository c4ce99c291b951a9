// The browser tests' harness: a fresh `wrangler dev` (a free port from the OS, or
// $KEFU_BROWSER_PORT, and temporary state, migrations applied), Chromium through playwright-core,
// and helpers the flows share. See run.mjs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/free-port.mjs";

export const PORT = process.env.KEFU_BROWSER_PORT ? Number(process.env.KEFU_BROWSER_PORT) : await freePort();
/** How long wrangler dev may take to answer: generous, a loaded 2-core machine is slow to start workerd. */
const READY_TIMEOUT_MS = 180_000;
// "localhost", not 127.0.0.1: browsers keep the Secure session cookie on localhost over http.
export const BASE = `http://localhost:${PORT}`;
export const SCREENSHOTS = join("test", "browser", "screenshots");
const WRANGLER = join("node_modules", "wrangler", "bin", "wrangler.js");
const SESSION_COOKIE = "kefu_session";

/** Starts wrangler dev on fresh state; resolves once the API answers. `stop()` ends it and removes the state. */
/** The running server's local state (for `sql`). */
let serverState = null;

export async function startServer() {
  const state = mkdtempSync(join(tmpdir(), "kefu-browser-"));
  serverState = state;
  const env = { ...process.env, JWT_SECRET: "browser-test-secret-0123456789abcdef0123", CI: "true", WRANGLER_SEND_METRICS: "false" };
  const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const inspectorPort = await freePort();
  const args = ["dev", "--port", String(PORT), "--inspector-port", String(inspectorPort), "--ip", "127.0.0.1", "--persist-to", state, "--var", "DEV_OUTBOX:on", "--var", "WEBHOOKS_ALLOW_LOCAL:on", "--var", `APP_URL:${BASE}`, "--show-interactive-dev-session=false"];
  const child = spawn(process.execPath, [WRANGLER, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited early (${child.exitCode}):\n${log.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${BASE.replace("localhost", "127.0.0.1")}/api/v1/openapi.json`, { signal: AbortSignal.timeout(30_000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${log.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!existsSync(join("dist", "web", "index.html"))) console.warn("! dist/web/index.html is missing: run `npm run build:web` first (npm run test:browser does)");
  return { stop, log: () => log };
}

/** Counts and prints ✓/✗ per check. */
export function checker() {
  const results = { passed: 0, failed: 0 };
  /** Counts a check and returns its line (for a flow that prints its lines together). */
  const line = (name, ok, detail = "") => {
    if (ok) results.passed++;
    else results.failed++;
    return `  ${ok ? "✓" : "✗"} ${name}${ok ? "" : `  ${String(detail).slice(0, 2000)}`}`;
  };
  const check = (name, ok, detail = "") => {
    console.log(line(name, ok, detail));
    return Boolean(ok);
  };
  check.line = line;
  return { check, results };
}

const origin = BASE.replace("localhost", "127.0.0.1"); // Node's fetch may try ::1 for localhost first

/** Calls the API as a client (Bearer token); the JSON body, or the text when it is not JSON. */
export async function api(method, path, token, body, headers = {}) {
  const response = await fetch(`${origin}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Like `api` but throws unless the answer is 2xx; returns the body. */
export async function call(method, path, token, body, headers) {
  const r = await api(method, path, token, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

let signups = 0;
/**
 * A new workspace through the API: { token, user, workspace, password, slug }. Each call gets its
 * own slug.
 */
export async function signUp(name = "Workspace") {
  signups++;
  const stem = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 20).replace(/-+$/, "") || "ws";
  const slug = `${stem}-${signups}${Date.now().toString(36)}`;
  const password = "browser test password";
  const email = `owner@${slug}.example`;
  // Each from its own client address: the API allows 10 sign-ups per client per hour, and the
  // flows together sign up more than that (the limit itself is tested in test/api).
  const body = await call("POST", "/signup", undefined, { tenantName: name, slug, name: `${name} Owner`, email, password }, { "CF-Connecting-IP": `198.51.100.${signups % 250}` });
  return { ...body, slug, email, password };
}

/** Invites an agent into `workspace` (from `signUp`) and accepts for them: { token, user }. */
export async function addAgent(workspace, { email, name, role = "agent" }) {
  const invite = await call("POST", "/invitations", workspace.token, { email, role });
  return call("POST", "/auth/accept-invitation", undefined, { token: new URL(invite.acceptUrl).searchParams.get("token"), name, password: "a long agent password" });
}

/**
 * Two people of one workspace side by side: each in their own browser context (own cookies),
 * signed in with their token, in `locale`. Returns their contexts and pages, A first.
 */
export async function twoPeople(newContext, locale, tokenA, tokenB) {
  const [a, b] = await Promise.all(
    [tokenA, tokenB].map(async (token) => {
      const context = await newContext({ locale });
      await signInContext(context, token);
      return { context, page: await context.newPage() };
    }),
  );
  return { a: a.page, b: b.page, contextA: a.context, contextB: b.context };
}

/** Signs a browser context in with a session token (the cookie the login would set). */
export async function signInContext(context, token) {
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: BASE, httpOnly: true, sameSite: "Strict" }]);
}

/**
 * Delivers a raw message to the Worker's email() handler, as Email Routing would: addressed
 * `to` (and `cc`, a header), and delivered to `envelopeTo` (another address when a mail server forwarded it);
 * `headers`: more header fields (e.g. an auto-reply's Auto-Submitted).
 */
export async function sendEmail({ from, fromName, to, cc, envelopeTo = to, subject, id, inReplyTo, body, headers = {} }) {
  const raw = [
    `From: ${fromName ? `${fromName} <${from}>` : from}`,
    `To: ${to}`,
    ...(cc ? [`Cc: ${cc}`] : []),
    `Subject: ${subject}`,
    `Message-ID: <${id}>`,
    `Date: ${new Date().toUTCString()}`,
    ...(inReplyTo ? [`In-Reply-To: <${inReplyTo}>`] : []),
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
    "",
  ].join("\r\n");
  const response = await fetch(`${origin}/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(envelopeTo)}`, {
    method: "POST",
    headers: { "content-type": "message/rfc822" },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Runs SQL on the running server's local D1, as `wrangler d1 execute --local` does: for data no
 * API accepts any more (an old row, damaged data) that the app must still cope with.
 */
export function sql(command) {
  const run = spawnSync(process.execPath, [WRANGLER, "d1", "execute", "DB", "--local", "--persist-to", serverState, "--command", command], {
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`wrangler d1 execute failed:\n${run.stdout}\n${run.stderr}`);
}

/** Runs the Worker's scheduled() handler as if the cron fired at `time` (ms). */
export async function runCron(time = Date.now()) {
  const response = await fetch(`${origin}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=${time}`);
  return { status: response.status, text: await response.text() };
}

/** Saves full-page screenshots at laptop and phone widths: screenshots/<name>-1280.png and -375.png. */
export async function screenshots(page, name, widths = [1280, 375]) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150); // charts re-measure their width
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Switches the app's language with the switch in the top bar (or on the sign-in pages). */
export async function setLanguage(page, locale) {
  await page.getByLabel("Language / 语言").selectOption(locale);
}

/**
 * Opens the ticket page's history (`details.history`) and returns it, open: once the page has its
 * data (the history's events are there), and again if a re-render closed it — a click that lands
 * before the data, or just before a reload, can leave it closed on a loaded machine.
 */
export async function openHistory(page) {
  const history = page.locator("details.history");
  await history.locator("ol.events").waitFor({ state: "attached" });
  const isOpen = () => history.evaluate((details) => details.open);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!(await isOpen())) await history.locator("summary").click();
    await page.waitForTimeout(300);
    if (await isOpen()) return history;
  }
  throw new Error("the ticket's history did not stay open");
}

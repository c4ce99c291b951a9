// End to end through `wrangler dev`: the local email endpoint (/cdn-cgi/handler/email) feeds the
// real email() handler, the API shows the result. Run by `npm test` (after the vitest suite) or
// alone: `npm run test:e2e`. Uses its own port (a free one from the OS, or $KEFU_E2E_PORT) and
// state directory, and stops wrangler itself.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../helpers/free-port.mjs";

const PORT = process.env.KEFU_E2E_PORT ? Number(process.env.KEFU_E2E_PORT) : await freePort();
const READY_TIMEOUT_MS = 180_000; // a loaded 2-core machine is slow to start workerd
const BASE = `http://127.0.0.1:${PORT}`;
const WRANGLER = join("node_modules", "wrangler", "bin", "wrangler.js");
const state = mkdtempSync(join(tmpdir(), "kefu-e2e-"));
const env = { ...process.env, JWT_SECRET: "e2e-secret-0123456789abcdef0123456789", CI: "true", WRANGLER_SEND_METRICS: "false" };
let passed = 0;
let failed = 0;

function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "✓" : "✗"} ${name}${ok ? "" : `  ${detail}`}`);
}

async function api(method, path, token, body) {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function sendEmail(from, to, raw) {
  const response = await fetch(`${BASE}/cdn-cgi/handler/email?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, {
    method: "POST",
    headers: { "content-type": "message/rfc822" },
    body: raw,
  });
  return { status: response.status, text: await response.text() };
}

const message = (fields) =>
  [
    `From: ${fields.from}`,
    `To: ${fields.to}`,
    `Subject: ${fields.subject}`,
    `Message-ID: <${fields.id}>`,
    ...(fields.inReplyTo ? [`In-Reply-To: <${fields.inReplyTo}>`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    fields.body,
    "",
  ].join("\r\n");

async function waitUntilReady(child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early (${child.exitCode})`);
    try {
      if ((await fetch(`${BASE}/api/v1/openapi.json`, { signal: AbortSignal.timeout(30_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not become ready in ${READY_TIMEOUT_MS / 1000} s`);
}

const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { env, encoding: "utf8" });
if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
const server = spawn(process.execPath, [WRANGLER, "dev", "--port", String(PORT), "--inspector-port", String(await freePort()), "--ip", "127.0.0.1", "--persist-to", state, "--var", "DEV_OUTBOX:on", "--show-interactive-dev-session=false"], {
  env,
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (d) => (log += d));
server.stderr.on("data", (d) => (log += d));

try {
  await waitUntilReady(server);
  const signup = await api("POST", "/signup", undefined, { tenantName: "E2E Tea", slug: "e2e-tea", name: "Erin", email: "erin@e2e.example", password: "end to end password" });
  check("sign-up", signup.status === 201, JSON.stringify(signup.body));
  const app = await fetch(`${BASE}/tickets`, { headers: { "Sec-Fetch-Mode": "navigate" } });
  const csp = app.headers.get("Content-Security-Policy") ?? "";
  check("the web app is served with a CSP that allows no inline script", app.ok && (await app.text()).includes('id="app"') && /script-src 'self'(;|$)/.test(csp) && app.headers.get("X-Frame-Options") === "DENY", csp);
  const token = signup.body.token;
  const address = signup.body.workspace.supportAddress;

  const first = await sendEmail("wang.fang@example.cn", address, message({ from: "王芳 <wang.fang@example.cn>", to: address, subject: "订单还没有到", id: "e2e-1@example.cn", body: "你好，我的订单还没有到，请帮我查一下物流。" }));
  check("email endpoint accepts mail for the workspace", first.status === 200, `${first.status} ${first.text}`);
  const tickets = (await api("GET", "/tickets", token)).body.items;
  check("the email became a ticket", tickets.length === 1 && tickets[0].subject === "订单还没有到" && tickets[0].channel === "email", JSON.stringify(tickets));
  const thread = (await api("GET", `/tickets/${tickets[0].id}/messages`, token)).body.items;
  check("the Chinese body arrived intact", thread[0]?.bodyText.includes("请帮我查一下物流"), JSON.stringify(thread[0]));
  const customer = (await api("GET", `/customers/${tickets[0].requesterId}`, token)).body;
  check("the customer record keeps the display name", customer.name === "王芳", JSON.stringify(customer));

  await api("POST", `/tickets/${tickets[0].id}/messages`, token, { kind: "reply", body: "您好，包裹明天送到。", status: "pending" });
  const outbox = (await api("GET", "/dev/outbox", token)).body.items;
  const ack = outbox.find((m) => m.purpose === "acknowledgement");
  const reply = outbox.find((m) => m.purpose === "reply");
  check("the customer was acknowledged (automatic mail)", ack?.headers["Auto-Submitted"] === "auto-replied" && ack.subject.startsWith("[#1]"), JSON.stringify(ack));
  check("the reply is threaded to the customer's message", reply?.inReplyTo === "e2e-1@example.cn" && reply.subject === "Re: [#1] 订单还没有到", JSON.stringify(reply));

  const answer = await sendEmail("wang.fang@example.cn", address, message({ from: "王芳 <wang.fang@example.cn>", to: address, subject: "Re: [#1] 订单还没有到", id: "e2e-2@example.cn", inReplyTo: reply.messageId, body: "收到，谢谢！" }));
  check("the customer's answer is accepted", answer.status === 200, answer.text);
  const after = (await api("GET", "/tickets", token)).body.items;
  check("the answer lands in the same ticket and reopens it", after.length === 1 && after[0].status === "open", JSON.stringify(after));

  const again = await sendEmail("wang.fang@example.cn", address, message({ from: "王芳 <wang.fang@example.cn>", to: address, subject: "Re: [#1] 订单还没有到", id: "e2e-2@example.cn", inReplyTo: reply.messageId, body: "收到，谢谢！" }));
  const messagesAfter = (await api("GET", `/tickets/${tickets[0].id}/messages`, token)).body.items;
  check("a redelivery creates nothing new", again.status === 200 && messagesAfter.length === 3, JSON.stringify(messagesAfter.map((m) => m.kind)));

  // Solved: a day later the cron sends the satisfaction survey; its link opens the survey page
  // (served by the Worker, not the web app), which records nothing until the answer is posted.
  const solved = (await api("PATCH", `/tickets/${tickets[0].id}`, token, { status: "solved" })).body;
  const dayLater = Date.parse(solved.solvedAt) + 25 * 3600 * 1000; // milliseconds
  const cron = await fetch(`${BASE}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=${dayLater}`);
  const survey = (await api("GET", "/dev/outbox", token)).body.items.find((m) => m.purpose === "survey");
  check("a day after the solve the customer gets a survey, in Chinese", cron.ok && survey?.subject.startsWith("[#1] 您对本次服务满意吗") && survey.to === "wang.fang@example.cn", JSON.stringify(survey ?? (await cron.text())));
  const link = new URL(survey?.bodyText.match(/https?:\/\/\S+answer=good/)?.[0] ?? "http://x/");
  const opened = await fetch(`${BASE}${link.pathname}${link.search}`);
  const openedHtml = await opened.text();
  const unanswered = (await api("GET", `/tickets/${tickets[0].id}/satisfaction`, token)).body.items;
  check("opening the survey link shows the survey page and records nothing", opened.status === 200 && openedHtml.includes('<form method="post"') && unanswered[0]?.answer === null, `${opened.status} ${openedHtml.slice(0, 200)} ${JSON.stringify(unanswered)}`);
  const posted = await fetch(`${BASE}${link.pathname}`, { method: "POST", body: new URLSearchParams({ answer: "good", comment: "很快，谢谢" }) });
  const rated = (await api("GET", `/tickets/${tickets[0].id}/satisfaction`, token)).body.items;
  check("the posted answer is recorded on the ticket", posted.status === 200 && rated[0]?.answer === "good" && rated[0].comment === "很快，谢谢", JSON.stringify(rated));

  const unknown = await sendEmail("someone@example.com", "nobody@kefu.localhost", message({ from: "someone@example.com", to: "nobody@kefu.localhost", subject: "hi", id: "e2e-3@example.com", body: "hi" }));
  check("mail to an unknown address is rejected", unknown.status >= 400 && unknown.text.includes("5.1.1"), `${unknown.status} ${unknown.text}`);
} catch (error) {
  check("run", false, `${error}\n--- wrangler output ---\n${log.slice(-3000)}`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 1000));
  if (server.exitCode === null) server.kill("SIGKILL");
  rmSync(state, { recursive: true, force: true });
}

console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;

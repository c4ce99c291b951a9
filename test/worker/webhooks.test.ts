import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDb } from "../../workers/core/db";
import { runSlaTick } from "../../workers/core/sla/sla-cron";
import { deliverDueWebhooks, MAX_WEBHOOK_ATTEMPTS, type WebhookFetcher } from "../../workers/core/webhooks/webhook-delivery";
import { verifyWebhookSignature } from "../../workers/core/webhooks/webhook-signature";
import worker from "../../workers/main";
import { call, newTicket, newWorkspace } from "../helpers/api";

const db = openDb(env.DB);
const minutes = (n: number) => n * 60_000;
const mail = { mailer: { send: async () => undefined }, mailDomain: "kefu.localhost" };
const APP_URL = "https://help.example.com";

interface Posted {
  url: string;
  headers: Headers;
  body: string;
  init: RequestInit;
}

/** A fetcher that records every request (reading the body at once) and answers with `respond`. */
function receiver(respond: (url: string, count: number) => Response | Promise<Response> = () => new Response(null, { status: 204 })) {
  const posted: Posted[] = [];
  const fetcher: WebhookFetcher = async (url, init) => {
    const request = new Request(url, init);
    posted.push({ url, headers: request.headers, body: await request.text(), init });
    return respond(url, posted.filter((p) => p.url === url).length);
  };
  return { posted, fetcher, to: (url: string) => posted.filter((p) => p.url === url) };
}

const tick = (fetcher: WebhookFetcher, at: number) => runSlaTick(db, { mail, webhooks: { fetcher, appUrl: APP_URL } }, new Date(at));

/** A workspace whose tickets get a 30-minute first-reply target with a warning 10 minutes before. */
async function workspaceWithSla(name = "Acme Tea") {
  const ws = await newWorkspace(name);
  const policy = await call("POST", "/sla-policies", { token: ws.token, body: { name: "Fast", conditions: {}, warnBeforeMinutes: 10, targets: { normal: { first_reply: { minutes: 30, businessHours: false } } } } });
  expect(policy.status).toBe(201);
  return ws;
}

async function webhook(token: string, body: Record<string, unknown>) {
  const res = await call("POST", "/webhooks", { token, body: { name: "Hook", ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.webhook.id as string, secret: res.body.secret as string, url: body.url as string };
}

async function ticketDue(token: string) {
  const ticket = await newTicket(token);
  // The tick a minute later, as in production: it finishes the recompute the new policy asked for.
  await tick(() => Promise.reject(new Error("nothing is due yet")), Date.now());
  const sla = (await call("GET", `/tickets/${ticket.id}/sla`, { token })).body;
  return { ticket, due: new Date(sla.clocks[0].dueAt).getTime() };
}

const deliveriesOf = (webhookId: string) => db.query.webhookDeliveries.findMany({ where: (d, { eq }) => eq(d.webhookId, webhookId), orderBy: (d, { asc }) => [asc(d.createdAt)] });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("SLA alerts by webhook", () => {
  it("each alert reaches each subscribed webhook exactly once, signed, even with two ticks at once", async () => {
    const a = await workspaceWithSla("Alpha");
    const json = await webhook(a.token, { url: "https://hooks.alpha.example/json" });
    const slack = await webhook(a.token, { url: "https://hooks.slack.example/services/T0/B0/X", format: "slack" });
    const breachOnly = await webhook(a.token, { url: "https://hooks.alpha.example/breach", events: ["sla.breach"] });
    const off = await webhook(a.token, { url: "https://hooks.alpha.example/off", active: false });
    const b = await workspaceWithSla("Beta");
    const other = await webhook(b.token, { url: "https://hooks.beta.example/json" });
    const { ticket, due } = await ticketDue(a.token);
    const { ticket: bTicket, due: bDue } = await ticketDue(b.token);
    const rx = receiver();

    const warnAt = Math.max(due, bDue) - minutes(5);
    const [w1, w2] = await Promise.all([tick(rx.fetcher, warnAt), tick(rx.fetcher, warnAt)]);
    expect(w1.warnings + w2.warnings).toBe(2); // one per workspace
    await tick(rx.fetcher, warnAt + minutes(1));
    const breachAt = Math.max(due, bDue) + minutes(1);
    const [b1, b2] = await Promise.all([tick(rx.fetcher, breachAt), tick(rx.fetcher, breachAt)]);
    expect(b1.breaches + b2.breaches).toBe(2);
    await tick(rx.fetcher, breachAt + minutes(1));
    await deliverDueWebhooks(db, { fetcher: rx.fetcher }, new Date(breachAt + minutes(30)));

    const events = (url: string) => rx.to(url).map((p) => p.headers.get("Kefu-Event"));
    expect(events(json.url)).toEqual(["sla.warning", "sla.breach"]);
    expect(events(slack.url)).toEqual(["sla.warning", "sla.breach"]);
    expect(events(breachOnly.url)).toEqual(["sla.breach"]);
    expect(events(off.url)).toEqual([]);
    expect(events(other.url)).toEqual(["sla.warning", "sla.breach"]);
    expect(rx.posted).toHaveLength(7);
    // Recorded once each, and sent.
    for (const hook of [json, slack, breachOnly, other]) for (const row of await deliveriesOf(hook.id)) expect(row).toMatchObject({ status: "sent", attempts: 1, responseStatus: 204, nextAttemptAt: null });
    expect(await deliveriesOf(off.id)).toEqual([]);

    // The JSON payload, byte for byte what is recorded, signed with the webhook's secret at the tick's time.
    const [warning, breach] = rx.to(json.url);
    const stored = await deliveriesOf(json.id);
    for (const [posted, row, at, event] of [
      [warning!, stored[0]!, warnAt, "sla.warning"],
      [breach!, stored[1]!, breachAt, "sla.breach"],
    ] as const) {
      expect(posted.body).toBe(row.body);
      expect(posted.headers.get("Kefu-Delivery")).toBe(row.id);
      expect(posted.headers.get("Content-Type")).toBe("application/json");
      expect(posted.headers.get("User-Agent")).toBe("Kefu-Webhooks");
      expect(posted.init.method).toBe("POST");
      expect(posted.init.redirect).toBe("manual");
      expect(posted.init.signal).toBeInstanceOf(AbortSignal);
      const signature = posted.headers.get("Kefu-Signature")!;
      expect(signature).toBe(`t=${Math.floor(at / 1000)},v1=${signature.split("v1=")[1]}`);
      expect(await verifyWebhookSignature(json.secret, signature, posted.body, new Date(at))).toBe(true);
      expect(await verifyWebhookSignature(slack.secret, signature, posted.body, new Date(at))).toBe(false);
      expect(JSON.parse(posted.body)).toEqual({
        id: row.id,
        event,
        occurredAt: new Date(at).toISOString(),
        test: false,
        workspace: { id: a.workspace.id, slug: a.slug },
        ticket: { id: ticket.id, number: 1, ref: "#1", subject: "Tea arrived broken", status: "new", priority: "normal", assigneeId: null, groupId: null, url: `${APP_URL}/tickets/${ticket.id}` },
        sla: { metric: "first_reply", instance: 1, dueAt: new Date(due).toISOString() },
      });
    }

    // Slack: a Slack message, nothing else.
    const slackBreach = JSON.parse(rx.to(slack.url)[1]!.body);
    expect(Object.keys(slackBreach).sort()).toEqual(["blocks", "text"]);
    const dueText = new Date(due).toISOString().replace("T", " ").slice(0, 16);
    expect(slackBreach.text).toBe(`:rotating_light: SLA breached — #1 Tea arrived broken: first reply was due ${dueText} UTC`);
    expect(slackBreach.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: `:rotating_light: *SLA breached* — <${APP_URL}/tickets/${ticket.id}|#1 Tea arrived broken>\nfirst reply was due ${dueText} UTC` } });
    expect(JSON.parse(rx.to(slack.url)[0]!.body).text).toBe(`:warning: SLA warning — #1 Tea arrived broken: first reply due ${dueText} UTC`);
    expect(await verifyWebhookSignature(slack.secret, rx.to(slack.url)[1]!.headers.get("Kefu-Signature"), rx.to(slack.url)[1]!.body, new Date(breachAt))).toBe(true);

    // The other workspace's webhook heard only of its own ticket, and ours never of theirs.
    for (const posted of rx.to(other.url)) expect(JSON.parse(posted.body)).toMatchObject({ workspace: { id: b.workspace.id }, ticket: { id: bTicket.id } });
    for (const posted of [...rx.to(json.url), ...rx.to(breachOnly.url)]) expect(posted.body).not.toContain(bTicket.id);
  });

  it("a failing receiver is recorded with its status, retried by the cron after the backoff, then sent", async () => {
    const ws = await workspaceWithSla();
    const hook = await webhook(ws.token, { url: "https://hooks.flaky.example/kefu", events: ["sla.breach"] });
    const { due } = await ticketDue(ws.token);
    const down = receiver(() => new Response("upstream exploded", { status: 500, statusText: "Internal Server Error" }));
    const t0 = due + minutes(1);
    expect((await tick(down.fetcher, t0)).breaches).toBe(1);
    expect(down.posted).toHaveLength(1);
    let [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseStatus: 500, lastError: "HTTP 500 Internal Server Error: upstream exploded", sentAt: null });
    expect(row!.nextAttemptAt!.getTime()).toBe(t0 + minutes(1));

    // The cron (the real scheduled handler, whose HTTP sender is the platform fetch).
    const requests: { url: string; signature: string | null }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      requests.push({ url: request.url, signature: request.headers.get("Kefu-Signature") });
      return new Response("thanks", { status: 200 });
    });
    const scheduled = async (at: number) => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: new Date(at), cron: "* * * * *" }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await scheduled(t0 + 30_000);
    expect(requests.filter((r) => r.url === hook.url)).toHaveLength(0);
    [row] = await deliveriesOf(hook.id);
    expect(row!.status).toBe("failed");

    await scheduled(t0 + 61_000);
    const retried = requests.filter((r) => r.url === hook.url);
    expect(retried).toHaveLength(1);
    [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, responseStatus: 200, lastError: null, nextAttemptAt: null });
    expect(row!.sentAt!.getTime()).toBe(t0 + 61_000);
    // Re-signed at the time of the retry, over the same recorded body.
    expect(await verifyWebhookSignature(hook.secret, retried[0]!.signature, row!.body, new Date(t0 + 61_000))).toBe(true);
    expect(retried[0]!.signature).toMatch(new RegExp(`^t=${Math.floor((t0 + 61_000) / 1000)},v1=`));

    await scheduled(t0 + minutes(300));
    expect(requests.filter((r) => r.url === hook.url)).toHaveLength(1);
  });

  it("backs off on network errors, never sends twice from overlapping runs, and gives up after the last attempt", async () => {
    const ws = await workspaceWithSla();
    const hook = await webhook(ws.token, { url: "https://hooks.gone.example/kefu", events: ["sla.breach"] });
    const { due } = await ticketDue(ws.token);
    const broken = receiver(() => Promise.reject(new TypeError("Network connection lost.")));
    let now = due + minutes(1);
    await tick(broken.fetcher, now);
    let [row] = await deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1, responseStatus: null, lastError: "TypeError: Network connection lost." });
    const waits: number[] = [];
    for (let i = 0; i < MAX_WEBHOOK_ATTEMPTS + 2; i++) {
      const before = row!.nextAttemptAt;
      now += 24 * 60 * 60_000;
      await Promise.all([deliverDueWebhooks(db, { fetcher: broken.fetcher }, new Date(now)), deliverDueWebhooks(db, { fetcher: broken.fetcher }, new Date(now))]);
      [row] = await deliveriesOf(hook.id);
      if (before && row!.nextAttemptAt) waits.push(row!.nextAttemptAt.getTime() - now);
    }
    expect(broken.to(hook.url)).toHaveLength(MAX_WEBHOOK_ATTEMPTS);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_WEBHOOK_ATTEMPTS, nextAttemptAt: null, lastError: expect.stringContaining("Network connection lost") });
    expect(waits).toEqual([4, 16, 64, 256].map(minutes));
  });

  it("a delivery still due when its webhook is deactivated is given up, not sent", async () => {
    const ws = await workspaceWithSla();
    const hook = await webhook(ws.token, { url: "https://hooks.paused.example/kefu", events: ["sla.breach"] });
    const { due } = await ticketDue(ws.token);
    const down = receiver(() => new Response(null, { status: 502 }));
    await tick(down.fetcher, due + minutes(1));
    expect((await call("PATCH", `/webhooks/${hook.id}`, { token: ws.token, body: { active: false } })).status).toBe(200);
    await deliverDueWebhooks(db, { fetcher: down.fetcher }, new Date(due + minutes(10)));
    expect(down.to(hook.url)).toHaveLength(1);
    const log = (await call("GET", `/webhooks/${hook.id}/deliveries`, { token: ws.token })).body.items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: "failed", attempts: 1, responseStatus: 502, nextAttemptAt: null, lastError: expect.stringContaining("deactivated") });
  });
});

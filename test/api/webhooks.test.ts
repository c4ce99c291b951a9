import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api } from "../../workers/api/index";
import { verifyWebhookSignature } from "../../workers/core/webhooks/webhook-signature";
import { call, expectProblem, newMember, newWorkspace } from "../helpers/api";

const SECRET = /^whsec_[A-Za-z0-9_-]{43}$/;
const HOOK = { name: "Support alerts", url: "https://hooks.example.com/kefu" };

let owner: Awaited<ReturnType<typeof newWorkspace>>;
beforeAll(async () => {
  owner = await newWorkspace();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const create = (body: unknown, token = owner.token) => call("POST", "/webhooks", { token, body });

describe("webhooks: CRUD", () => {
  it("creates with defaults and shows the secret once, masked everywhere after", async () => {
    const created = await create(HOOK);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { webhook, secret } = created.body;
    expect(secret).toMatch(SECRET);
    expect(webhook).toMatchObject({ name: "Support alerts", url: HOOK.url, format: "json", events: ["sla.warning", "sla.breach"], active: true, secretHint: `whsec_…${secret.slice(-4)}` });
    expect(webhook.id).toMatch(/^whk_/);

    const one = await call("GET", `/webhooks/${webhook.id}`, { token: owner.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(webhook);
    const list = await call("GET", "/webhooks", { token: owner.token });
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(webhook.id);
    for (const res of [one, list]) expect(JSON.stringify(res.body)).not.toContain(secret.slice(6, 30));
  });

  it("changes fields, keeps events in order and each once, rotates the secret and deletes", async () => {
    const { webhook, secret } = (await create({ ...HOOK, format: "slack", events: ["sla.breach"] })).body;
    expect(webhook).toMatchObject({ format: "slack", events: ["sla.breach"] });
    const patched = await call("PATCH", `/webhooks/${webhook.id}`, { token: owner.token, body: { name: "On-call", events: ["sla.breach", "sla.warning", "sla.breach"], active: false, url: "https://on-call.example.net/hook" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ name: "On-call", events: ["sla.warning", "sla.breach"], active: false, url: "https://on-call.example.net/hook", format: "slack", secretHint: webhook.secretHint });

    const rotated = await call("POST", `/webhooks/${webhook.id}/rotate-secret`, { token: owner.token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(SECRET);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.webhook.secretHint).toBe(`whsec_…${rotated.body.secret.slice(-4)}`);
    expect((await call("GET", `/webhooks/${webhook.id}`, { token: owner.token })).body.secretHint).toBe(rotated.body.webhook.secretHint);

    expect((await call("DELETE", `/webhooks/${webhook.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await call("GET", `/webhooks/${webhook.id}`, { token: owner.token }), 404, "not_found");
    expectProblem(await call("DELETE", `/webhooks/${webhook.id}`, { token: owner.token }), 404, "not_found");
    expectProblem(await call("POST", `/webhooks/${webhook.id}/rotate-secret`, { token: owner.token }), 404, "not_found");
  });

  it("refuses malformed URLs, other schemes, credentials, and bad formats or events", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...HOOK, url: "ftp://hooks.example.com/kefu" }, "body.url"],
      [{ ...HOOK, url: "https://user:secret@hooks.example.com/kefu" }, "body.url"],
      [{ ...HOOK, url: "hooks.example.com/kefu" }, "body.url"],
      [{ ...HOOK, url: `https://hooks.example.com/${"x".repeat(2000)}` }, "body.url"],
      [{ ...HOOK, format: "xml" }, "body.format"],
      [{ ...HOOK, events: [] }, "body.events"],
      [{ ...HOOK, events: ["ticket.exploded"] }, "body.events.0"],
      [{ ...HOOK, secret: "whsec_mine" }, "body"],
      [{ name: "No URL" }, "body.url"],
    ];
    const before = (await call("GET", "/webhooks", { token: owner.token })).body.items.length;
    for (const [body, field] of cases) {
      const problem = expectProblem(await create(body), 422, "validation_failed");
      expect(problem.errors!.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    const { webhook } = (await create(HOOK)).body;
    const patch = await call("PATCH", `/webhooks/${webhook.id}`, { token: owner.token, body: { url: "ftp://hooks.example.com/hook" } });
    expect(expectProblem(patch, 422, "validation_failed").errors![0]!.field).toBe("body.url");
    expectProblem(await call("PATCH", `/webhooks/${webhook.id}`, { token: owner.token, body: {} }), 422, "validation_failed");
    expect((await call("GET", "/webhooks", { token: owner.token })).body.items.length).toBe(before + 1);
  });

  it("refuses targets inside a network, this machine and plain http at save, naming the url field", async () => {
    const refused = [
      "http://hooks.example.com/kefu",
      "http://localhost:9000/hook",
      "https://localhost/hook",
      "https://app.localhost/hook",
      "http://127.0.0.2/hook",
      "https://127.1/hook",
      "https://0x7f.1/hook",
      "https://2130706433/hook",
      "https://0177.0.0.1/hook",
      "https://[::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[::ffff:7f00:1]/hook",
      "https://10.1.2.3/hook",
      "https://172.16.0.1/hook",
      "https://192.168.1.1/hook",
      "https://100.64.0.1/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://[fe80::1]/hook",
      "https://[fd12:3456::1]/hook",
      "https://0.0.0.0/hook",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://metadata/hook",
      "https://printer.local/hook",
    ];
    const before = (await call("GET", "/webhooks", { token: owner.token })).body.items.length;
    for (const url of refused) {
      const problem = expectProblem(await create({ ...HOOK, url }), 422, "webhook_url_refused");
      expect(problem.errors, url).toEqual([{ field: "url", code: "webhook_url_refused", message: expect.any(String) }]);
    }
    expect((await call("GET", "/webhooks", { token: owner.token })).body.items.length).toBe(before);
    const { webhook } = (await create(HOOK)).body;
    const patch = await call("PATCH", `/webhooks/${webhook.id}`, { token: owner.token, body: { url: "https://169.254.169.254/" } });
    expect(expectProblem(patch, 422, "webhook_url_refused").errors![0]!.field).toBe("url");
    expect((await call("GET", `/webhooks/${webhook.id}`, { token: owner.token })).body.url).toBe(HOOK.url);
  });

  it("lets this machine receive webhooks only where the Worker runs with WEBHOOKS_ALLOW_LOCAL=on", async () => {
    const local = { ...env, WEBHOOKS_ALLOW_LOCAL: "on" };
    const post = (url: string) =>
      api.fetch(new Request("https://kefu.test/api/v1/webhooks", { method: "POST", headers: { Authorization: `Bearer ${owner.token}`, "Content-Type": "application/json" }, body: JSON.stringify({ ...HOOK, url }) }), local, createExecutionContext());
    for (const url of ["http://localhost:9000/hook", "http://127.0.0.1:8787/hook", "https://[::1]/hook"]) expect((await post(url)).status, url).toBe(201);
    for (const url of ["http://10.0.0.1/hook", "http://169.254.169.254/", "http://metadata.google.internal/", "http://hooks.example.com/kefu"]) {
      const res = await post(url);
      expect(res.status, url).toBe(422);
      expect(((await res.json()) as { code: string }).code).toBe("webhook_url_refused");
    }
  });

  it("keeps a workspace to 20 webhooks", async () => {
    const { token } = await newWorkspace();
    for (let i = 0; i < 20; i++) expect((await create({ ...HOOK, name: `Hook ${i}` }, token)).status).toBe(201);
    expectProblem(await create(HOOK, token), 409, "too_many_webhooks");
  }, 120_000);

  it("is for admins only", async () => {
    const { webhook } = (await create(HOOK)).body;
    const agent = await newMember(owner.token, "agent");
    const admin = await newMember(owner.token, "admin");
    const routes: [string, string, unknown?][] = [
      ["GET", "/webhooks"],
      ["POST", "/webhooks", HOOK],
      ["GET", `/webhooks/${webhook.id}`],
      ["PATCH", `/webhooks/${webhook.id}`, { name: "Mine now" }],
      ["DELETE", `/webhooks/${webhook.id}`],
      ["POST", `/webhooks/${webhook.id}/rotate-secret`],
      ["GET", `/webhooks/${webhook.id}/deliveries`],
      ["POST", `/webhooks/${webhook.id}/test`],
    ];
    for (const [method, path, body] of routes) expectProblem(await call(method, path, { token: agent.token, body }), 403, "forbidden");
    expect((await call("GET", `/webhooks/${webhook.id}`, { token: admin.token })).status).toBe(200);
    expect((await call("GET", `/webhooks/${webhook.id}`, { token: owner.token })).body.name).toBe(HOOK.name);
  });
});

describe("webhooks: test deliveries and the delivery log", () => {
  it("sends a signed test delivery now and lists it, newest first", async () => {
    const { webhook, secret } = (await create(HOOK)).body;
    // Read inside the mock: a request body belongs to the I/O context that made it.
    const requests: { url: string; method: string; headers: Headers; body: string }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      requests.push({ url: request.url, method: request.method, headers: request.headers, body: await request.text() });
      return new Response("ok", { status: 200 });
    });
    const res = await call("POST", `/webhooks/${webhook.id}/test`, { token: owner.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ webhookId: webhook.id, event: "sla.warning", status: "sent", attempts: 1, responseStatus: 200, lastError: null, nextAttemptAt: null });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.url).toBe(HOOK.url);
    expect(request!.method).toBe("POST");
    expect(request!.headers.get("Kefu-Delivery")).toBe(res.body.id);
    expect(request!.headers.get("Kefu-Event")).toBe("sla.warning");
    expect(request!.headers.get("User-Agent")).toBe("Kefu-Webhooks");
    const body = request!.body;
    expect(body).toBe(res.body.body);
    expect(await verifyWebhookSignature(secret, request!.headers.get("Kefu-Signature"), body, new Date())).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ id: res.body.id, event: "sla.warning", test: true, workspace: { id: owner.workspace.id, slug: owner.slug }, ticket: { number: 0 } });

    vi.mocked(globalThis.fetch).mockImplementation(async () => new Response("receiver down", { status: 503 }));
    const failed = await call("POST", `/webhooks/${webhook.id}/test`, { token: owner.token });
    expect(failed.body).toMatchObject({ status: "failed", attempts: 1, responseStatus: 503, nextAttemptAt: null, lastError: expect.stringContaining("receiver down") });

    const log = await call("GET", `/webhooks/${webhook.id}/deliveries?limit=10`, { token: owner.token });
    expect(log.status).toBe(200);
    expect(log.body.items.map((d: { id: string }) => d.id)).toEqual([failed.body.id, res.body.id]);
    expectProblem(await call("GET", `/webhooks/${webhook.id}/deliveries?limit=0`, { token: owner.token }), 422, "validation_failed");
  });

  it("refuses at send time a URL saved before the rule: failed with the reason, no request made", async () => {
    const { webhook } = (await create(HOOK)).body;
    await env.DB.prepare("update webhooks set url = ? where id = ?").bind("http://169.254.169.254/latest/meta-data/", webhook.id).run();
    const fetch = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok", { status: 200 }));
    const res = await call("POST", `/webhooks/${webhook.id}/test`, { token: owner.token });
    expect(res.body).toMatchObject({ status: "failed", attempts: 1, responseStatus: null, nextAttemptAt: null, lastError: expect.stringMatching(/^Not sent: .*link-local/) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("does not follow redirects: a 3xx is a failure, and the receiver's answer is cut short", async () => {
    const { webhook } = (await create(HOOK)).body;
    let redirect: RequestInit["redirect"];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (_input, init) => {
      redirect = init?.redirect;
      return new Response("x".repeat(5000), { status: 302, headers: { Location: "http://169.254.169.254/" } });
    });
    const res = await call("POST", `/webhooks/${webhook.id}/test`, { token: owner.token });
    expect(redirect).toBe("manual");
    expect(res.body).toMatchObject({ status: "failed", responseStatus: 302 });
    expect(res.body.lastError.length).toBeLessThan(1024);
  });

  it("a slack webhook's test is a Slack message", async () => {
    const { webhook } = (await create({ ...HOOK, format: "slack", events: ["sla.breach"] })).body;
    let posted = "";
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      posted = await new Request(input, init).text();
      return new Response(null, { status: 204 });
    });
    const res = await call("POST", `/webhooks/${webhook.id}/test`, { token: owner.token });
    expect(res.body).toMatchObject({ status: "sent", event: "sla.breach", responseStatus: 204 });
    const slack = JSON.parse(posted);
    expect(slack.text).toMatch(/^\[test\] :rotating_light: SLA breached — #0 Test delivery from Kefu: first reply was due /);
    expect(slack.blocks[0].type).toBe("section");
  });
});

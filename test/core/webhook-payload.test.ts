import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alertLine, escapeSlack, jsonPayload, slackPayload, ticketUrl, webhookBody, type WebhookAlert } from "../../workers/core/webhooks/webhook-payload";
import { parseSignatureHeader, signWebhook, verifyWebhookSignature } from "../../workers/core/webhooks/webhook-signature";

const alert: WebhookAlert = {
  deliveryId: "whd_01jq3v9f2k8x7d0m4n5p6r7s8t",
  event: "sla.warning",
  occurredAt: new Date("2026-11-22T09:50:00Z"),
  workspace: { id: "ten_1", slug: "acme-tea" },
  ticket: { id: "tkt_1", number: 12, subject: "Tea arrived broken", status: "open", priority: "high", assigneeId: "usr_1", groupId: "grp_1" },
  sla: { metric: "first_reply", instance: 1, dueAt: new Date("2026-11-22T10:00:00Z") },
  appUrl: "https://help.example.com/",
};
const SECRET = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";
const NOW = new Date("2026-11-22T10:00:00Z");

describe("webhook payloads", () => {
  it("json: the alert, the ticket with its link, the clock", () => {
    expect(JSON.parse(webhookBody("json", alert))).toEqual({
      id: "whd_01jq3v9f2k8x7d0m4n5p6r7s8t",
      event: "sla.warning",
      occurredAt: "2026-11-22T09:50:00.000Z",
      test: false,
      workspace: { id: "ten_1", slug: "acme-tea" },
      ticket: { id: "tkt_1", number: 12, ref: "#12", subject: "Tea arrived broken", status: "open", priority: "high", assigneeId: "usr_1", groupId: "grp_1", url: "https://help.example.com/tickets/tkt_1" },
      sla: { metric: "first_reply", instance: 1, dueAt: "2026-11-22T10:00:00.000Z" },
    });
    expect(jsonPayload({ ...alert, test: true }).test).toBe(true);
  });

  it("slack: readable fallback text and blocks linking to the ticket", () => {
    const slack = JSON.parse(webhookBody("slack", alert));
    expect(Object.keys(slack).sort()).toEqual(["blocks", "text"]);
    expect(slack.text).toBe(":warning: SLA warning — #12 Tea arrived broken: first reply due 2026-11-22 10:00 UTC");
    expect(slack.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: ":warning: *SLA warning* — <https://help.example.com/tickets/tkt_1|#12 Tea arrived broken>\nfirst reply due 2026-11-22 10:00 UTC" } });
    expect(slack.blocks[1].type).toBe("context");
    expect(slack.blocks[1].elements[0].text).toContain("Priority: high");
    const breach = slackPayload({ ...alert, event: "sla.breach", sla: { ...alert.sla, metric: "resolution" } });
    expect(breach.text).toBe(":rotating_light: SLA breached — #12 Tea arrived broken: resolution was due 2026-11-22 10:00 UTC");
  });

  it("slack: a customer's subject can neither ping the channel nor forge a link", () => {
    const hostile = { ...alert, ticket: { ...alert.ticket, subject: "<!channel> refund <https://evil.example|click> & more" } };
    const slack = slackPayload(hostile);
    const texts = [slack.text, ...slack.blocks.map((b) => JSON.stringify(b))].join("\n");
    expect(texts).not.toContain("<!channel>");
    expect(texts).not.toContain("<https://evil.example");
    expect(slack.text).toContain("&lt;!channel&gt; refund &lt;https://evil.example|click&gt; &amp; more");
    expect(slack.blocks[0]!.type === "section" && slack.blocks[0]!.text.text).toContain("|#12 &lt;!channel&gt; refund &lt;https://evil.example¦click&gt; &amp; more>");
    expect(escapeSlack("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("test deliveries say so", () => {
    expect(alertLine({ ...alert, test: true })).toMatch(/^\[test\] :warning:/);
    expect(ticketUrl("http://localhost:8787", "tkt_x")).toBe("http://localhost:8787/tickets/tkt_x");
  });
});

describe("webhook signatures", () => {
  it("signs t.body with HMAC-SHA-256 and verifies it", async () => {
    const body = webhookBody("json", alert);
    const header = await signWebhook(SECRET, body, NOW);
    expect(header).toMatch(/^t=1795341600,v1=[0-9a-f]{64}$/);
    // The same digest any receiver computes with a stock HMAC.
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`1795341600.${body}`));
    expect(header.split("v1=")[1]).toBe([...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join(""));
    expect(await verifyWebhookSignature(SECRET, header, body, NOW)).toBe(true);
    expect(await verifyWebhookSignature(SECRET, header, body, new Date(NOW.getTime() + 299_000))).toBe(true);
  });

  it("refuses a tampered body, a wrong secret, a stale or future timestamp and malformed headers", async () => {
    const body = webhookBody("json", alert);
    const header = await signWebhook(SECRET, body, NOW);
    expect(await verifyWebhookSignature(SECRET, header, body.replace("#12", "#13"), NOW)).toBe(false);
    expect(await verifyWebhookSignature(`${SECRET}x`, header, body, NOW)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, body, new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, body, new Date(NOW.getTime() - 301_000))).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, body, new Date(NOW.getTime() + 3_600_000), 7200)).toBe(true);
    // The timestamp is signed too: moving it forward breaks the signature.
    expect(await verifyWebhookSignature(SECRET, header.replace("t=1795341600", "t=1795341700"), body, NOW)).toBe(false);
    for (const bad of [null, "", "v1=abc", "t=1795341600", "t=1795341600,v1=zz", "t=abc,v1=00", `t=1795341600,v1=${"0".repeat(64)}`, header.slice(0, -2)])
      expect(await verifyWebhookSignature(SECRET, bad, body, NOW), String(bad)).toBe(false);
  });

  it("accepts any of several v1 signatures (e.g. during a rotation on the receiver's side)", async () => {
    const body = "{}";
    const good = (await signWebhook(SECRET, body, NOW)).split(",")[1];
    expect(parseSignatureHeader(`t=1795341600, v1=${"ab".repeat(32)}, ${good}`)).toEqual({ timestamp: 1795341600, signatures: ["ab".repeat(32), good!.slice(3)] });
    expect(await verifyWebhookSignature(SECRET, `t=1795341600,v1=${"ab".repeat(32)},${good}`, body, NOW)).toBe(true);
  });

  it("verify(sign(body)) holds for any body and secret, and fails for any other body (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 300 }), fc.string({ unit: "grapheme", maxLength: 300 }), fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), async (secret, body, other, now) => {
        const header = await signWebhook(secret, body, now);
        expect(await verifyWebhookSignature(secret, header, body, now)).toBe(true);
        if (other !== body) expect(await verifyWebhookSignature(secret, header, other, now)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("a signature made with one secret never verifies under another (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ minLength: 1, maxLength: 60 }), fc.string({ maxLength: 200 }), async (a, b, body) => {
        fc.pre(a !== b);
        expect(await verifyWebhookSignature(b, await signWebhook(a, body, NOW), body, NOW)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "../../workers/api/index";
import { decodeEncodedWords } from "../../workers/core/mail/encoded-words";
import { call, newTicket } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

// What reaches Cloudflare's send_email binding: the message as the mail system will write it.
type Sent = { from: { email: string; name: string }; to: string; replyTo?: string; subject: string; headers: Record<string, string> };
const sent: Sent[] = [];
const EMAIL = { send: async (message: Sent) => void sent.push(message) } as unknown as SendEmail;
const bindings = { ...env, EMAIL };

/** Calls the API with the recording binding in place of the real one. */
async function callRecorded(method: string, path: string, token: string, body?: unknown) {
  const request = new Request(`https://kefu.test/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const response = await api.fetch(request, bindings, createExecutionContext());
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return response.json() as Promise<any>;
}

const INJECTION = "\r\nBcc: evil@attacker.example\r\n\r\nfake body";

/** Every header value handed to the binding: none may hold a line break or control character, none may be a Bcc. */
function expectNoInjection(message: Sent) {
  const values = [message.from.name, message.from.email, message.to, message.replyTo ?? "", message.subject, ...Object.values(message.headers)];
  for (const value of values) expect(value, JSON.stringify(message)).toMatch(/^[\x20-\x7e]*$/);
  expect(Object.keys(message.headers).filter((name) => /^(bcc|cc|to|from)$/i.test(name))).toEqual([]);
  expect(message.to).not.toContain("attacker");
}

describe("outbound mail headers: nothing a user writes can add a header", () => {
  it("a workspace name, user name and ticket subject with CR LF reach the invitation and the reply as one line", { timeout: 120_000 }, async () => {
    const signup = await call("POST", "/signup", {
      headers: { "CF-Connecting-IP": "198.51.100.201" },
      body: { tenantName: "Acme Tea", slug: `inject-${Date.now().toString(36)}`, name: "Olivia", email: "owner@inject.example", password: "correct horse battery staple" },
    });
    expect(signup.status, JSON.stringify(signup.body)).toBe(201);
    const token = signup.body.token as string;
    // Stored as written (rows from before the API cleaned its input, or from any other writer):
    // the mailer is the last line and must hold on its own.
    await env.DB.prepare("update tenants set name = ? where id = ?").bind(`Acme Tea${INJECTION}`, signup.body.workspace.id).run();
    await env.DB.prepare("update users set name = ? where id = ?").bind(`Olivia${INJECTION}`, signup.body.user.id).run();

    await callRecorded("POST", "/invitations", token, { email: "new.agent@inject.example", role: "agent" });
    const invitation = sent.at(-1)!;
    expectNoInjection(invitation);
    expect(invitation.to).toBe("new.agent@inject.example");
    expect(decodeEncodedWords(invitation.from.name)).toBe("Acme Tea Bcc: evil@attacker.example fake body");
    expect(decodeEncodedWords(invitation.subject)).toBe("Olivia Bcc: evil@attacker.example fake body invited you to Acme Tea Bcc: evil@attacker.example fake body on Kefu");

    const ticket = await newTicket(token, { subject: "Broken lid", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    await env.DB.prepare("update tickets set subject = ? where id = ?").bind(`Broken lid${INJECTION}`, ticket.id).run();
    await callRecorded("POST", `/tickets/${ticket.id}/messages`, token, { kind: "reply", body: "We are sending a new one." });
    const reply = sent.at(-1)!;
    expectNoInjection(reply);
    expect(reply.to).toBe("li.wei@example.com");
    expect(decodeEncodedWords(reply.subject)).toMatch(/^Re: \[#\d+\] Broken lid Bcc: evil@attacker\.example fake body$/);
    expect(decodeEncodedWords(reply.from.name)).toContain("Olivia Bcc: evil@attacker.example fake body");
  });

  it("an inbound subject that decodes to CR LF, and a Chinese one, leave as encoded one-line subjects", { timeout: 120_000 }, async () => {
    const signup = await call("POST", "/signup", {
      headers: { "CF-Connecting-IP": "198.51.100.202" },
      body: { tenantName: "茶叶店", slug: `inbound-inject-${Date.now().toString(36)}`, name: "梅", email: "owner@inbound-inject.example", password: "correct horse battery staple" },
    });
    const { token, workspace } = signup.body;
    const encoded = `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(`龙井茶${INJECTION}`)))}?=`;
    const before = sent.length;
    const delivery = await deliverEmail(email({ from: "Li Wei <li.wei@example.com>", to: workspace.supportAddress, subject: encoded, body: "Is it in stock?" }), { from: "li.wei@example.com", to: workspace.supportAddress }, bindings);
    expect(delivery.error).toBeNull();
    const ticketId = (await call("GET", "/tickets", { token })).body.items[0].id;
    await callRecorded("POST", `/tickets/${ticketId}/messages`, token, { kind: "reply", body: "有货。" });
    const out = sent.slice(before);
    expect(out.length).toBeGreaterThanOrEqual(1);
    for (const message of out) {
      expectNoInjection(message);
      expect(message.to).toBe("li.wei@example.com");
    }
    expect(decodeEncodedWords(out.at(-1)!.subject)).toMatch(/^Re: \[#\d+\] 龙井茶 Bcc: evil@attacker\.example fake body$/);
    expect(decodeEncodedWords(out.at(-1)!.from.name)).toContain("茶叶店");
  });
});

import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "../../workers/api/index";
import { call, expectProblem, newTicket, newWorkspace } from "../helpers/api";

// What reaches Cloudflare's send_email binding, which writes text + html as multipart/alternative.
type Sent = { text: string; html?: string; attachments?: { filename: string; type: string }[] };
const sent: Sent[] = [];
const EMAIL = { send: async (message: Sent) => void sent.push(message) } as unknown as SendEmail;

async function post(token: string, ticketId: string, body: Record<string, unknown>) {
  const request = new Request(`https://kefu.test/api/v1/tickets/${ticketId}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await api.fetch(request, { ...env, EMAIL }, createExecutionContext());
  return { status: response.status, body: (await response.json()) as any };
}

const outboxReply = async (token: string, ticketId: string) =>
  (await call("GET", `/dev/outbox?ticketId=${ticketId}`, { token })).body.items.find((m: { purpose: string }) => m.purpose === "reply");

const MARKDOWN = "Hello **Li**, _sorry_ about the lid.\n\n- a new lid\n- a [tracking link](https://track.example/1)\n\n> The teapot lid was cracked\n\nRun `reset` <script>alert(1)</script> [x](javascript:alert(1))";

// Issue 13, browser flow 74: formatting in the composer.
describe("a formatted (Markdown) reply or note", () => {
  it("is stored with its sanitised HTML and plain text, and emailed as text + HTML (multipart/alternative)", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const res = await post(token, ticket.id, { kind: "reply", body: MARKDOWN, format: "markdown" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { bodyHtml, bodyText } = res.body.message;
    expect(bodyHtml).toContain("<strong>Li</strong>, <em>sorry</em>");
    expect(bodyHtml).toContain('<a href="https://track.example/1" rel="noopener noreferrer nofollow" target="_blank">tracking link</a>');
    expect(bodyHtml).toContain("<ul>\n<li>a new lid</li>");
    expect(bodyHtml).toContain("<blockquote>");
    expect(bodyHtml).toContain("<code>reset</code> &lt;script&gt;alert(1)&lt;/script&gt; <a>x</a>");
    expect(bodyHtml).not.toMatch(/<script|javascript:/i);
    expect(bodyText).toBe("Hello Li, sorry about the lid.\n\n- a new lid\n- a tracking link (https://track.example/1)\n\n> The teapot lid was cracked\n\nRun reset <script>alert(1)</script> x");

    const mail = sent.at(-1)!;
    expect(mail.text).toContain("Hello Li, sorry about the lid.");
    expect(mail.text).toContain("Ticket #");
    expect(mail.html).toContain("<strong>Li</strong>");
    expect(mail.html).toContain("Reply to this email to add to your request.</p>");
    expect(mail.html).not.toMatch(/<script|javascript:/i);

    const outbox = await outboxReply(token, ticket.id);
    expect(outbox).toMatchObject({ status: "sent", mime: "multipart/alternative (text/plain, text/html)", bodyText: mail.text, bodyHtml: mail.html });

    const [, stored] = (await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items;
    expect(stored).toMatchObject({ kind: "reply", bodyHtml, bodyText });
  });

  it("with a file: HTML and text as one alternative part beside the file (multipart/mixed)", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const upload = await exports.default.fetch(
      new Request("https://kefu.test/api/v1/uploads?filename=manual.pdf", { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/pdf" }, body: "%PDF-1.4 lid" }),
    );
    const file = (await upload.json()) as { id: string };
    const res = await post(token, ticket.id, { kind: "reply", body: "See **page 2**.", format: "markdown", attachments: [file.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(sent.at(-1)).toMatchObject({ html: expect.stringContaining("<strong>page 2</strong>"), attachments: [expect.objectContaining({ filename: "manual.pdf", type: "application/pdf" })] });
    expect((await outboxReply(token, ticket.id)).mime).toBe("multipart/mixed (multipart/alternative (text/plain, text/html), application/pdf)");
  });

  it("a formatted note is stored formatted and mailed to no one; plain text (the default) stays plain", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const before = sent.length;
    const note = await post(token, ticket.id, { kind: "note", body: "Check **stock** first", format: "markdown" });
    expect(note.status).toBe(201);
    expect(note.body.message).toMatchObject({ bodyText: "Check stock first", bodyHtml: "<p>Check <strong>stock</strong> first</p>\n" });
    expect(note.body.outbound).toBeNull();
    expect(sent.length).toBe(before);

    const plain = await post(token, ticket.id, { kind: "reply", body: "Plain **as typed**" });
    expect(plain.status).toBe(201);
    expect(plain.body.message).toMatchObject({ bodyText: "Plain **as typed**", bodyHtml: null });
    expect(sent.at(-1)!.html).toBeUndefined();
    expect(await outboxReply(token, ticket.id)).toMatchObject({ mime: "text/plain", bodyHtml: null });
  });

  it("an unknown format, or Markdown with no words, is refused with 422 and nothing is stored or sent", async () => {
    const { token } = await newWorkspace();
    const ticket = await newTicket(token);
    const before = sent.length;
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", format: "html" } }), 422, "validation_failed");
    expectProblem(await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "Hi", format: 1 } }), 422, "validation_failed");
    const empty = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "---", format: "markdown" } });
    expectProblem(empty, 422, "validation_failed");
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: "body", code: "too_small" })]);
    expect(sent.length).toBe(before);
    expect((await call("GET", `/tickets/${ticket.id}/messages`, { token })).body.items).toHaveLength(1);
  });
});

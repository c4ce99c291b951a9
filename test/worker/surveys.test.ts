import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outboundMessages, surveys } from "../../schema";
import { openDb } from "../../workers/core/db";
import { signSurveyLink } from "../../workers/core/surveys/survey-link";
import worker from "../../workers/main";
import { call, expectProblem, newMember, newTicket, newWorkspace } from "../helpers/api";
import { deliverEmail, email } from "../helpers/mail";

const db = openDb(env.DB);
const HOUR = 60 * 60 * 1000;

async function tick(at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** A ticket an agent answered by email and solved: the ordinary survey candidate. */
async function solvedTicket(token: string, body: Record<string, unknown> = {}) {
  const ticket = await newTicket(token, body);
  const reply = await call("POST", `/tickets/${ticket.id}/messages`, { token, body: { kind: "reply", body: "A new teapot is on its way.", status: "solved" } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.ticket as { id: string; number: number; solvedAt: string };
}

function surveyMails(ticketId: string) {
  return db.query.outboundMessages.findMany({ where: and(eq(outboundMessages.ticketId, ticketId), eq(outboundMessages.purpose, "survey")) });
}

/** The path and query of each answer link in a survey email, by answer. */
function answerLinks(text: string): Record<string, string> {
  const links: Record<string, string> = {};
  for (const [, url] of text.matchAll(/(https?:\/\/\S+\/survey\/\S+)/g)) {
    const parsed = new URL(url!);
    const answer = parsed.searchParams.get("answer");
    links[answer ?? "opt-out"] = parsed.pathname + parsed.search;
  }
  return links;
}

function page(path: string, init: RequestInit = {}) {
  return exports.default.fetch(new Request(`https://kefu.test${path}`, init));
}

const post = (path: string, form: Record<string, string>) => page(path, { method: "POST", body: new URLSearchParams(form) });

async function surveyOf(ticketId: string) {
  return (await db.query.surveys.findFirst({ where: eq(surveys.ticketId, ticketId) }))!;
}

/** A solved ticket whose survey the cron has sent, with its answer links. */
async function surveyed(token: string, body: Record<string, unknown> = {}) {
  const ticket = await solvedTicket(token, body);
  await tick(new Date(Date.parse(ticket.solvedAt) + 24 * HOUR + 1000));
  const [mail] = await surveyMails(ticket.id);
  expect(mail, "a survey email").toBeDefined();
  return { ticket, mail: mail!, links: answerLinks(mail!.bodyText) };
}

describe("satisfaction surveys: sending", () => {
  it("sends one survey a day after the solve, to the requester, threaded, with one link per answer", async () => {
    const { token } = await newWorkspace();
    const ticket = await solvedTicket(token);
    const solvedAt = Date.parse(ticket.solvedAt);

    await tick(new Date(solvedAt + 23 * HOUR));
    expect(await surveyMails(ticket.id)).toHaveLength(0);

    // Two overlapping runs once it is due: still one survey, one email.
    const due = new Date(solvedAt + 24 * HOUR + 1000);
    await Promise.all([tick(due), tick(due)]);
    await tick(new Date(due.getTime() + 60_000));
    const mails = await surveyMails(ticket.id);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({ status: "sent", toAddress: "li.wei@example.com", subject: expect.stringContaining(`[#${ticket.number}] How did we do?`) });
    expect(mail!.inReplyTo).toBeTruthy();
    expect(mail!.headers).toMatchObject({ "Auto-Submitted": "auto-generated", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(Object.keys(answerLinks(mail!.bodyText)).sort()).toEqual(["bad", "good", "opt-out"]);
    expect(mail!.bodyHtml).toContain("How would you rate the support you received?");
    expect(await db.query.surveys.findMany({ where: eq(surveys.ticketId, ticket.id) })).toHaveLength(1);
  });

  it("asks a customer who wrote in Chinese in Chinese, on the workspace's five-point scale", async () => {
    const { token } = await newWorkspace();
    const put = await call("PUT", "/survey-settings", {
      token,
      body: { enabled: true, delayMinutes: 60, scale: "one_to_five", question: null, allowComment: true, language: "auto", resendAfterReopen: false },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const ticket = await solvedTicket(token, { subject: "茶壶盖子碎了", description: "收到的茶壶盖子是碎的。" });
    await tick(new Date(Date.parse(ticket.solvedAt) + HOUR + 1000));
    const [mail] = await surveyMails(ticket.id);
    expect(mail!.subject).toContain("您对本次服务满意吗");
    expect(Object.keys(answerLinks(mail!.bodyText)).sort()).toEqual(["1", "2", "3", "4", "5", "opt-out"]);
  });

  it("never surveys internal work, spam or merged tickets, tickets started by automatic mail, or a workspace that turned surveys off", async () => {
    const { token, slug } = await newWorkspace();
    const internal = await newTicket(token);
    await call("PATCH", `/tickets/${internal.id}`, { token, body: { status: "solved" } });
    const spam = await solvedTicket(token, { tags: ["spam"] });
    const merged = await solvedTicket(token, { tags: ["merged"] });
    // An out-of-office reply that became a ticket, which an agent then answered and solved.
    await deliverEmail(email({ to: `${slug}@kefu.localhost`, subject: "Out of office", headers: { "Auto-Submitted": "auto-replied" } }), { from: "li.wei@example.com", to: `${slug}@kefu.localhost` });
    const [automatic] = (await call("GET", "/tickets?q=office&automatic=true", { token })).body.items;
    expect(automatic, "the automatic mail's ticket").toBeDefined();
    expect((await call("POST", `/tickets/${automatic.id}/messages`, { token, body: { kind: "reply", body: "Noted.", status: "solved" } })).status).toBe(201);
    // And the control: an ordinary answered ticket in the same workspace is surveyed.
    const ordinary = await solvedTicket(token);
    const later = Date.now() + 25 * HOUR;
    await tick(new Date(later));
    for (const ticket of [internal, spam, merged, automatic]) expect(await surveyMails(ticket.id)).toHaveLength(0);
    expect(await surveyMails(ordinary.id)).toHaveLength(1);
    // Decided once, not looked at again by every tick.
    const decided = await db.query.tickets.findFirst({ where: (t, { eq }) => eq(t.id, spam.id) });
    expect(decided!.surveyForSolve).toEqual(decided!.solvedAt);

    const off = await newWorkspace();
    await call("PUT", "/survey-settings", { token: off.token, body: { enabled: false, delayMinutes: 1440, scale: "good_bad", question: null, allowComment: true, language: "auto", resendAfterReopen: false } });
    const quiet = await solvedTicket(off.token);
    await tick(new Date(later));
    expect(await surveyMails(quiet.id)).toHaveLength(0);
  });

  it("surveys a reopened ticket again only when the workspace asks for it", async () => {
    const { token } = await newWorkspace();
    const { ticket, links } = await surveyed(token);
    await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "open" } });
    const again = await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } });
    await tick(new Date(Date.parse(again.body.solvedAt) + 25 * HOUR));
    expect(await surveyMails(ticket.id)).toHaveLength(1);

    const settings = (await call("GET", "/survey-settings", { token })).body;
    await call("PUT", "/survey-settings", { token, body: { ...settings, resendAfterReopen: true } });
    await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "open" } });
    const third = await call("PATCH", `/tickets/${ticket.id}`, { token, body: { status: "solved" } });
    await tick(new Date(Date.parse(third.body.solvedAt) + 25 * HOUR));
    expect(await surveyMails(ticket.id)).toHaveLength(2);

    // Replaying the first survey's link answers the first survey, never the newer one.
    await post(links.bad!.split("?")[0]!, { answer: "bad" });
    const rows = await db.query.surveys.findMany({ where: eq(surveys.ticketId, ticket.id), orderBy: (v, { asc }) => [asc(v.solvedAt)] });
    expect(rows.map((r) => r.rating)).toEqual([0, null]);
  });

  it("a customer who opted out from a survey's link gets no further surveys", async () => {
    const { token } = await newWorkspace();
    const { links } = await surveyed(token);
    const confirm = await page(links["opt-out"]!);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Stop receiving satisfaction surveys");
    const done = await page(links["opt-out"]!, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You will not receive satisfaction surveys");

    const next = await solvedTicket(token);
    await tick(new Date(Date.parse(next.solvedAt) + 25 * HOUR));
    expect(await surveyMails(next.id)).toHaveLength(0);

    // Agents see the opt-out on the customer, and can lift it when the customer asks.
    const customer = await call("GET", `/customers/${(await call("GET", `/tickets/${next.id}`, { token })).body.requesterId}`, { token });
    expect(customer.body.surveyOptOut).toBe(true);
    expect((await call("PATCH", `/customers/${customer.body.id}`, { token, body: { surveyOptOut: false } })).body.surveyOptOut).toBe(false);
    const after = await solvedTicket(token);
    await tick(new Date(Date.parse(after.solvedAt) + 25 * HOUR));
    expect(await surveyMails(after.id)).toHaveLength(1);
  });
});

describe("satisfaction surveys: answering", () => {
  it("opening a link records nothing (mail scanners open every link); the page's POST does, and the latest answer wins", async () => {
    const { token } = await newWorkspace();
    const { ticket, links } = await surveyed(token);

    // A scanner fetching every link, twice.
    for (const link of [links.good!, links.bad!, links.good!, links.bad!]) {
      const response = await page(link);
      expect(response.status).toBe(200);
      expect(response.headers.get("Cache-Control")).toBe("no-store");
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(await response.text()).toContain('<form method="post"');
    }
    expect(await surveyOf(ticket.id)).toMatchObject({ rating: null, answeredAt: null });

    const path = links.good!.split("?")[0]!;
    expect((await post(path, { answer: "good" })).status).toBe(200);
    expect(await surveyOf(ticket.id)).toMatchObject({ rating: 1, comment: null });
    // Control characters (a NUL, a bell) are dropped from the comment; its text stays.
    const withComment = await post(path, { answer: "bad", comment: "The replacement lid\u0000 does not fit either.\u0007" });
    expect(await withComment.text()).toContain("Thank you for your comment");
    // Posting the rating again (the page's script, a second click) keeps the comment.
    await post(path, { answer: "bad" });
    expect(await surveyOf(ticket.id)).toMatchObject({ rating: 0, comment: "The replacement lid does not fit either.", answeredAt: expect.any(Date) });

    const shown = await call("GET", `/tickets/${ticket.id}/satisfaction`, { token: (await newMember(token)).token });
    expect(shown.status).toBe(200);
    expect(shown.body.items).toEqual([expect.objectContaining({ answer: "bad", comment: "The replacement lid does not fit either.", scale: "good_bad" })]);
  });

  it("every page shows the workspace's name and, once an admin sets one, its logo (an https URL only)", { timeout: 60_000 }, async () => {
    const { token } = await newWorkspace("Brand Tea House");
    const { links } = await surveyed(token);
    const plain = await (await page(links.good!)).text();
    expect(plain).toContain('<header class="brand"><span>Brand Tea House</span></header>');
    expect(plain).not.toContain("<img");

    for (const logoUrl of ["http://cdn.example/logo.png", "javascript:alert(1)", "data:image/png;base64,AAAA", "logo.png"])
      expectProblem(await call("PATCH", "/workspace", { token, body: { logoUrl } }), 422, "validation_failed");
    const agent = await newMember(token);
    expectProblem(await call("PATCH", "/workspace", { token: agent.token, body: { logoUrl: "https://cdn.example/logo.png" } }), 403);
    const set = await call("PATCH", "/workspace", { token, body: { logoUrl: "https://cdn.example/logo.png?v=2&x=\"1\"" } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.logoUrl).toBe('https://cdn.example/logo.png?v=2&x="1"');

    const branded = await page(links.good!);
    expect(branded.headers.get("Content-Security-Policy")).toContain("img-src 'self' https:");
    const html = await branded.text();
    expect(html).toContain('<img src="https://cdn.example/logo.png?v=2&amp;x=&quot;1&quot;" alt="" height="40" referrerpolicy="no-referrer"><span>Brand Tea House</span>');
    expect(await (await page(links["opt-out"]!)).text()).toContain('<img src="https://cdn.example/logo.png');

    // An uploaded logo is shown instead of the URL (same origin: the page's CSP allows 'self'); removing it shows the URL again.
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    const uploaded = (await call("PUT", "/workspace/logo", { token, body: { contentType: "image/png", data: png } })).body.logoImageUrl;
    expect(await (await page(links.good!)).text()).toContain(`<img src="${uploaded}" alt="" height="40" referrerpolicy="no-referrer"><span>Brand Tea House</span>`);
    expect((await page(uploaded)).status).toBe(200);
    expect((await call("DELETE", "/workspace/logo", { token })).status).toBe(200);
    expect(await (await page(links.good!)).text()).toContain('<img src="https://cdn.example/logo.png');

    expect((await call("PATCH", "/workspace", { token, body: { logoUrl: null } })).body.logoUrl).toBeNull();
    expect(await (await page(links.good!)).text()).not.toContain("<img");
  });

  it("refuses forged, expired and cross-ticket links with a clear page, and answers outside the scale", async () => {
    const { token, workspace } = await newWorkspace();
    const { ticket, links } = await surveyed(token);
    const path = links.good!.split("?")[0]!;
    const survey = await surveyOf(ticket.id);
    const other = await solvedTicket(token);

    const tampered = path.slice(0, -3) + (path.endsWith("A") ? "BBB" : "AAA");
    const wrongKey = `/survey/${await signSurveyLink("another-secret-entirely-0123456789", { tenantId: workspace.id, ticketId: ticket.id, surveyId: survey.id }, new Date())}`;
    const crossTicket = `/survey/${await signSurveyLink(env.JWT_SECRET, { tenantId: workspace.id, ticketId: other.id, surveyId: survey.id }, new Date())}`;
    const crossTenant = `/survey/${await signSurveyLink(env.JWT_SECRET, { tenantId: (await newWorkspace()).workspace.id, ticketId: ticket.id, surveyId: survey.id }, new Date())}`;
    const session = `/survey/${token}`;
    for (const bad of [tampered, wrongKey, crossTicket, crossTenant, session, "/survey/not-a-token"]) {
      for (const response of [await page(bad), await post(bad, { answer: "good" })]) {
        expect(response.status, bad).toBe(404);
        expect(await response.text()).toContain("This survey link is not valid");
      }
    }
    const expired = `/survey/${await signSurveyLink(env.JWT_SECRET, { tenantId: workspace.id, ticketId: ticket.id, surveyId: survey.id }, new Date(Date.now() - 31 * 24 * HOUR))}`;
    const gone = await post(expired, { answer: "good" });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("expired");

    const outside = await post(path, { answer: "5" });
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain("Please choose one of the answers");
    const long = await post(path, { answer: "good", comment: "x".repeat(2001) });
    expect(long.status).toBe(400);
    expect(await surveyOf(ticket.id)).toMatchObject({ rating: null, comment: null });
  });
});

describe("satisfaction surveys: abuse", () => {
  it("a client posting answers over and over is slowed down with a clear page, and its last accepted answer stands", async () => {
    const { token } = await newWorkspace();
    const { ticket, links } = await surveyed(token);
    const path = links.good!.split("?")[0]!;
    const from = { "CF-Connecting-IP": "203.0.113.77" };
    for (let i = 0; i < 30; i++) expect((await page(path, { method: "POST", headers: from, body: new URLSearchParams({ answer: i % 2 ? "good" : "bad" }) })).status).toBe(200);
    const refused = await page(path, { method: "POST", headers: from, body: new URLSearchParams({ answer: "bad" }) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBeTruthy();
    expect(await refused.text()).toContain("Too many answers");
    expect((await surveyOf(ticket.id)).rating).toBe(1);
    // Another client is not affected.
    expect((await page(path, { method: "POST", headers: { "CF-Connecting-IP": "203.0.113.78" }, body: new URLSearchParams({ answer: "bad" }) })).status).toBe(200);
  });
});

describe("satisfaction surveys: settings API", () => {
  it("admins set them, agents read them, bad values are refused", async () => {
    const { token } = await newWorkspace();
    expect((await call("GET", "/survey-settings", { token })).body).toEqual({
      enabled: true,
      delayMinutes: 1440,
      scale: "good_bad",
      question: null,
      allowComment: true,
      language: "auto",
      resendAfterReopen: false,
    });
    const agent = await newMember(token);
    const body = { enabled: true, delayMinutes: 120, scale: "one_to_five", question: "How was it?", allowComment: false, language: "zh-CN", resendAfterReopen: true };
    expectProblem(await call("PUT", "/survey-settings", { token: agent.token, body }), 403, "forbidden");
    expect((await call("PUT", "/survey-settings", { token, body })).body).toEqual(body);
    expect((await call("GET", "/survey-settings", { token: agent.token })).body).toEqual(body);
    for (const bad of [{ ...body, delayMinutes: -1 }, { ...body, scale: "1-10" }, { ...body, language: "fr" }, { ...body, question: "" }, { ...body, extra: 1 }]) {
      expectProblem(await call("PUT", "/survey-settings", { token, body: bad }), 422, "validation_failed");
    }
    expect((await call("GET", "/survey-settings", { token })).body).toEqual(body);
  });
});

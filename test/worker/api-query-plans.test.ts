import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { encodeCursor } from "../../workers/core/pagination";
import { signSurveyLink } from "../../workers/core/surveys/survey-link";
import worker from "../../workers/main";
import { newMember } from "../helpers/api";
import { newUsage, recordingD1 } from "../helpers/d1-recorder";
import { deliverEmail, email } from "../helpers/mail";
import { planProblems, type PlanRow } from "../helpers/query-plan";

/**
 * The wide reads that are right, each with its reason, then the known gaps (marked GAP, with the
 * fix each needs). A finding matches an entry when both its plan line and its statement match.
 */
const ALLOWED: readonly { problem: RegExp; sql: RegExp; reason: string }[] = [
  {
    problem: /^full scan: SCAN (n|tenants)$/,
    sql: /from "tenants"( n)? cross join "tickets"/,
    reason: "auto-close walks the workspaces (one row each) as its outer loop, then each one's due tickets through (tenant_id, status, solved_at)",
  },
  {
    problem: /^full scan: SCAN groups USING INDEX groups_assigning$/,
    sql: /from "groups"( cross join "group_members")?.*"groups"\."assignment_method" <> 'off'/,
    reason: "the assignment pass walks the groups that assign automatically (their partial index: one row each) as its outer loop, then each one's waiting tickets or its members' open tickets by index (docs/assignment.md)",
  },
  {
    problem: /^wide search of tickets: SEARCH tickets USING (COVERING )?INDEX tickets_tenant_status_\w+ \(tenant_id=\? AND status=\?\)$/,
    sql: /"tickets"\."status" in \(\?, \?, \?, \?\)\) union all select/,
    reason: "a KPI report covers every ticket not done (the backlog) by definition: the read grows with the backlog, not the workspace's history, and is capped at MAX_REPORT_TICKETS",
  },
  {
    problem: /^wide search of sla_clocks: SEARCH sla_clocks USING INDEX sla_clocks_tenant_unmet_open \(tenant_id=\?\)$/,
    sql: /indexed by sla_clocks_tenant_unmet_open where tenant_id = (\?|\(select tenant from sla_page_args\)) and ticket_open = 1 and state = 'breached' and fulfilled_at is null/,
    reason:
      "the breached list reads its set: the open tickets' missed deadlines never met (a partial index of only those), which grows with the backlog's breaches, not the workspace's history; the page is then sorted from it",
  },
  {
    problem: /^wide search of sla_clocks: SEARCH c USING INDEX sla_clocks_done_unmet_(updated|created|number) \(tenant_id=\? AND ticket_status=\?( AND \(ticket_(updated_at|created_at|number),ticket_id\)[<>]\(\?,\?\))?\)$/,
    sql: /select distinct "tickets"\.rowid as rid, c\.ticket_(updated_at|created_at|number) as k, c\.ticket_id as id from sla_clocks c indexed by sla_clocks_done_unmet_\w+ cross join "tickets" on .*? order by k (asc|desc), id (asc|desc) limit \(select n from sla_page_args\)\)/,
    reason:
      "a breached list's walk of one done status's missed deadlines never met, in the list's order from its cursor (slaStatePage; an index per sort, migration 0021): the index gives the subquery's ORDER BY, so it stops after its LIMIT — about a page's worth of rows whatever the workspace's history (measured in test/worker/breached-pages.test.ts)",
  },
  {
    problem: /^wide search of tickets: SEARCH tickets USING (COVERING )?INDEX tickets_tenant_(updated|created|number) \(tenant_id=\?\)$/,
    sql: /limit case when \(select n from search_count\) <= \? then 0 when \(select n from search_count\) <= \? then \? else \? end\) search_walked where/,
    reason:
      "a search's walk in the list's order (searchPage): a common word's page is found among the first WALK_TICKETS (5,000) or SEEK_TICKETS (500) tickets or not at all (then its matches are sorted): a constant bound, whatever the workspace's size",
  },
];

/** Every distinct statement sent, with the first parameters it was run with and the operations that sent it. */
const seen = new Map<string, { params: unknown[]; operations: Set<string> }>();

/** Bindings whose D1 records every statement; `done()` files them under `operation` once it is over. */
function recording(operation: string) {
  const usage = newUsage();
  const done = () => {
    for (const { sql, params } of usage.sql) {
      const entry = seen.get(sql) ?? { params, operations: new Set<string>() };
      if (!entry.params.length && params.length) entry.params = params;
      entry.operations.add(operation);
      seen.set(sql, entry);
    }
  };
  return { bindings: { ...env, DB: recordingD1(env.DB, usage) }, done };
}

async function api(operation: string, method: string, path: string, options: { token?: string; body?: unknown; form?: Record<string, string>; base?: string } = {}) {
  const headers = new Headers({ "CF-Connecting-IP": `203.0.113.${1 + Math.floor(Math.random() * 250)}` });
  if (options.token) headers.set("Authorization", `Bearer ${options.token}`);
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(options.body);
  } else if (options.form) body = new URLSearchParams(options.form);
  const ctx = createExecutionContext();
  const { bindings, done } = recording(operation);
  const response = await worker.fetch(new Request(`https://kefu.test${options.base ?? "/api/v1"}${path}`, { method, headers, body }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  expect(response.status, `${operation}: ${text.slice(0, 500)}`).toBeLessThan(300);
  done();
  return text.startsWith("{") ? JSON.parse(text) : text;
}

async function mail(operation: string, raw: string, to: string) {
  const { bindings, done } = recording(operation);
  const result = await deliverEmail(raw, { from: "li.wei@example.com", to }, bindings);
  expect(result.error, `${operation}: ${String(result.error)}`).toBeNull();
  done();
}

async function cron(operation: string, at: Date) {
  const ctx = createExecutionContext();
  const { bindings, done } = recording(operation);
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  done();
}

function attachmentMail(to: string, messageId: string) {
  const file = btoa(String.fromCharCode(...new Uint8Array(3 * 1024).map((_, i) => i % 251))).replace(/.{76}/g, "$&\r\n");
  return [
    "From: Li Wei <li.wei@example.com>",
    `To: ${to}`,
    "Subject: Invoice for order 42",
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="mix"',
    "",
    "--mix",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "The invoice is attached.",
    "--mix",
    "Content-Type: application/pdf",
    'Content-Disposition: attachment; filename="invoice.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    file,
    "--mix--",
    "",
  ].join("\r\n");
}

describe("the query-plan check", () => {
  const plan = (...details: string[]) => details.map((detail, i) => ({ id: i + 2, parent: 0, detail }));
  const REPLY_THREAD = 'select "email_message_id" from "messages" where ("messages"."tenant_id" = ? and "messages"."ticket_id" = ? and "messages"."email_message_id" is not null)';

  it("flags what issue 11 found: a full scan, an IS NOT NULL range over the workspace, a tenant-only search, a wrong-tenant correlation", () => {
    expect(planProblems('select * from "messages" where "body_text" like ?', plan("SCAN messages"))).toEqual(["full scan: SCAN messages"]);
    expect(planProblems(REPLY_THREAD, plan("SEARCH messages USING INDEX messages_tenant_email_message_id (tenant_id=? AND email_message_id>?)"))).toHaveLength(1);
    expect(planProblems('select * from "attachments" "attachments" where ("attachments"."tenant_id" = ? and "attachments"."ticket_id" = ?)', plan("SEARCH attachments USING INDEX attachments_tenant_message (tenant_id=?)"))).toEqual([
      "wide search of attachments: SEARCH attachments USING INDEX attachments_tenant_message (tenant_id=?)",
    ]);
    expect(planProblems('select exists (select 1 from "work_items" w where w.tenant_id = "tenant_id" and w.kind = ?) from "sla_clocks" limit ?', [{ id: 5, parent: 3, detail: "SEARCH w USING INDEX work_items_due (kind=?)" }])).toHaveLength(1);
    // A tenant-scoped statement reading a global index by a range reads every workspace's rows in it.
    expect(planProblems('select * from "outbound_messages" where "tenant_id" = ? and "status" = ? and "next_attempt_at" < ?', plan("SEARCH outbound_messages USING INDEX outbound_due (status=? AND next_attempt_at<?)"))).toHaveLength(1);
    expect(planProblems('select * from "ticket_search" where ticket_search = ?', plan("SCAN ticket_search VIRTUAL TABLE INDEX 0:"))).toHaveLength(1);
    // A clock's copy of its ticket's status picks no narrower set than the status does.
    expect(planProblems("select ticket_id from sla_clocks c where c.tenant_id = ? and c.ticket_status = ?", plan("SEARCH c USING INDEX sla_clocks_done_unmet_updated (tenant_id=? AND ticket_status=?)"))).toHaveLength(1);
    // A page whose filter few tickets pass walks the whole workspace looking for them.
    const customersTickets = 'select * from "tickets" where ("tickets"."tenant_id" = ? and "tickets"."requester_id" = ?) order by "tickets"."updated_at" desc, "tickets"."id" desc limit ?';
    expect(planProblems(customersTickets, plan("SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=?)"))).toEqual([
      "keyset walk of tickets filtered by requester_id = ? (reads the whole workspace when fewer rows match than the page holds): SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=?)",
    ]);
    expect(planProblems(customersTickets, plan("SEARCH tickets USING INDEX tickets_tenant_requester (tenant_id=? AND requester_id=?)"))).toEqual([]);
    // Wide inside a subquery: the outer LIMIT does not bound it.
    expect(planProblems('select * from "tickets" where "tenant_id" = ? and "id" in (select "ticket_id" from "messages" where "tenant_id" = ?) order by "updated_at" desc limit ?', [
      { id: 2, parent: 0, detail: "SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=?)" },
      { id: 4, parent: 0, detail: "LIST SUBQUERY 1" },
      { id: 6, parent: 4, detail: "SEARCH messages USING INDEX messages_tenant_ticket (tenant_id=?)" },
    ])).toEqual(["wide search of messages: SEARCH messages USING INDEX messages_tenant_ticket (tenant_id=?)"]);
  });

  it("accepts key lookups, bounded ranges, full-text matches, configuration tables and keyset pages", () => {
    expect(planProblems(REPLY_THREAD, plan("SEARCH messages USING INDEX messages_tenant_ticket (tenant_id=? AND ticket_id=?)"))).toEqual([]);
    expect(planProblems('select * from "tickets" where "tenant_id" = ? and "updated_at" >= ?', plan("SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=? AND updated_at>?)"))).toEqual([]);
    expect(planProblems('select * from "outbound_messages" where "status" = ? and "next_attempt_at" is not null and "next_attempt_at" <= ? limit ?', plan("SEARCH outbound_messages USING INDEX outbound_due (status=? AND next_attempt_at>? AND next_attempt_at<?)", "USE TEMP B-TREE FOR ORDER BY"))).toEqual([]);
    expect(planProblems('select * from "ticket_search" where ticket_search match ?', plan("SCAN ticket_search VIRTUAL TABLE INDEX 0:M3"))).toEqual([]);
    expect(planProblems('select * from "users" where "tenant_id" = ? order by "name"', plan("SEARCH users USING INDEX users_tenant_email (tenant_id=?)", "USE TEMP B-TREE FOR ORDER BY"))).toEqual([]);
    expect(planProblems("insert into \"groups\" (\"id\") values (?), (?)", plan("SCAN 2-ROW VALUES CLAUSE", "SEARCH tickets USING COVERING INDEX tickets_tenant_group_updated (tenant_id=?)"))).toEqual([]);
    // A common table expression's or a FROM subquery's own rows are no table either.
    const walk = 'with w(rid) as materialized (select rid from (select "tickets".rowid as rid from "tickets" where "tenant_id" = ? limit ?) walked where walked.rid > 0) select rid from w';
    expect(planProblems(walk, plan("SCAN walked", "SCAN w"))).toEqual([]);
    expect(planProblems(walk, plan("SCAN messages"))).toEqual(["full scan: SCAN messages"]);
    // Rows of VALUES with a subquery in them (a clock's open flag read from its ticket) are no table either.
    expect(planProblems('insert into "sla_clocks" ("ticket_open") values ((select 1 from "tickets" where "tenant_id" = ? and "id" = ?)), ((select 1 from "tickets" where "tenant_id" = ? and "id" = ?))', plan("SCAN 2 CONSTANT ROWS", "SEARCH tickets USING COVERING INDEX tickets_tenant_id (tenant_id=? AND id=?)"))).toEqual([]);
    // The first page of a list: the index gives the order, the read stops after LIMIT rows.
    const page = 'select * from "tickets" where "tickets"."tenant_id" = ? order by "tickets"."updated_at" desc, "tickets"."id" desc limit ?';
    expect(planProblems(page, plan("SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=?)"))).toEqual([]);
    // A later page: the cursor's equality is on the ORDER BY columns, not a filter.
    const later = 'select * from "tickets" where ("tickets"."tenant_id" = ? and ("tickets"."updated_at" < ? or ("tickets"."updated_at" = ? and "tickets"."id" < ?))) order by "tickets"."updated_at" desc, "tickets"."id" desc limit ?';
    expect(planProblems(later, plan("SEARCH tickets USING INDEX tickets_tenant_updated (tenant_id=?)"))).toEqual([]);
    // …but not when every row must be sorted first.
    expect(planProblems(page, plan("SEARCH tickets USING INDEX tickets_tenant_status_updated (tenant_id=?)", "USE TEMP B-TREE FOR ORDER BY"))).toHaveLength(1);
  });
});

describe("query plans of the API, the mail handler and the cron", () => {
  it("read no growing table by a full scan or by a range as wide as the workspace", { timeout: 180_000 }, async () => {
    // The webhook's receiver (no network in tests).
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
    const slug = `plans-${Date.now().toString(36)}`;
    const signup = await api("signup", "POST", "/signup", { body: { tenantName: "Plans Tea", slug, name: "Olivia Owner", email: `owner@${slug}.example`, password: "correct horse battery staple" } });
    const token: string = signup.token;
    const address = `${slug}@kefu.localhost`;
    await api("login", "POST", "/auth/login", { body: { workspace: slug, email: `owner@${slug}.example`, password: "correct horse battery staple" } });
    await api("refresh", "POST", "/auth/refresh", { token });
    await api("me", "GET", "/me", { token });
    const member = await newMember(token);
    const group = await api("group create", "POST", "/groups", { token, body: { name: "Billing" } });
    await api("group member add", "POST", `/groups/${group.id}/members`, { token, body: { userId: member.user.id } });
    await api("SLA preset", "POST", "/sla-policies/presets", { token, body: { preset: "tier_escalation" } });
    await api("SLA settings (auto-close)", "PUT", "/sla-settings", { token, body: { defaultCalendarId: null, autoCloseDays: 3 } });
    await api("webhook create", "POST", "/webhooks", { token, body: { name: "Ops", url: "https://hooks.example/kefu", format: "json", events: ["sla.warning", "sla.breach"] } });
    // A trigger that mails: what mail needs (rule-mail-reads.ts) joins every ticket write's read batch.
    const text = { subject: { en: "About {{ticket.subject}}" }, body: { en: "Hello {{customer.name}}" } };
    await api("trigger create (mail)", "POST", "/triggers", {
      token,
      body: { name: "Mail", events: ["ticket_created", "customer_replied", "agent_replied", "ticket_updated"], conditions: { all: [], any: [] }, actions: [{ type: "email_requester", ...text }, { type: "email_agent", userId: member.user.id, ...text }, { type: "email_group", groupId: group.id, ...text }] },
    });

    // Tickets and customers.
    const created = await api("create ticket (requester by address)", "POST", "/tickets", {
      token,
      body: { subject: "Kettle lid cracked", description: "The kettle arrived with a crack. 我想申请退款。", requester: { email: "li.wei@example.com", name: "Li Wei" }, tags: ["billing", "vip"], assigneeId: member.user.id, groupId: group.id },
    });
    const customer = await api("customer create", "POST", "/customers", { token, body: { name: "Wang Fang", emails: ["wang.fang@example.com"] } });
    const second = await api("create ticket (requester by id)", "POST", "/tickets", { token, body: { subject: "Order question", description: "When will it ship?", requester: { id: customer.id } } });
    await api("get ticket", "GET", `/tickets/${created.id}`, { token });
    await api("ticket messages", "GET", `/tickets/${created.id}/messages`, { token });
    await api("ticket events", "GET", `/tickets/${created.id}/events`, { token });
    await api("ticket attachments", "GET", `/tickets/${created.id}/attachments`, { token });
    await api("ticket participants", "GET", `/tickets/${created.id}/participants`, { token });
    await api("ticket SLA", "GET", `/tickets/${created.id}/sla`, { token });
    const page = await api("list open, page 1", "GET", "/tickets?status=new&limit=1", { token });
    await api("list open, page 2", "GET", `/tickets?status=new&limit=1&cursor=${encodeURIComponent(page.nextCursor)}`, { token });
    await api("list, several statuses", "GET", "/tickets?status=new,open,pending", { token });
    await api("list, unfiltered", "GET", "/tickets", { token });
    await api("list by number", "GET", "/tickets?sort=number&order=asc", { token });
    await api("list by created", "GET", "/tickets?sort=created_at", { token });
    await api("the Automatic view", "GET", "/tickets?automatic=true", { token });
    await api("list by assignee", "GET", `/tickets?assigneeId=${member.user.id}`, { token });
    await api("list unassigned", "GET", "/tickets?assigneeId=none", { token });
    await api("list by group", "GET", `/tickets?groupId=${group.id}`, { token });
    await api("list by tag", "GET", "/tickets?tag=vip", { token });
    await api("list by requester", "GET", `/tickets?requesterId=${customer.id}`, { token });
    await api("list by priority", "GET", "/tickets?priority=high", { token });
    await api("list updated since", "GET", `/tickets?updatedSince=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`, { token });
    await api("list breached", "GET", "/tickets?sla=breached", { token });
    await api("list breached, active (the view)", "GET", "/tickets?sla=breached&status=new,open,pending,on_hold", { token });
    await api("list breached, done, by created", "GET", "/tickets?sla=breached&status=solved,closed&sort=created_at", { token });
    await api("list breached, solved, by number, a later page", "GET", `/tickets?sla=breached&status=solved&sort=number&order=asc&cursor=${encodeCursor({ sort: "number:asc", value: 1, id: created.id })}`, { token });
    await api("list breached, a later page", "GET", `/tickets?sla=breached&cursor=${encodeCursor({ sort: "updated_at:desc", value: Date.now(), id: created.id })}`, { token });
    await api("list due soon", "GET", "/tickets?sla=due_soon&status=new,open,pending,on_hold", { token });
    await api("list by tag, page 2", "GET", `/tickets?tag=vip&limit=1&cursor=${encodeURIComponent((await api("list by tag, page 1", "GET", "/tickets?tag=vip&limit=1", { token })).nextCursor ?? "")}`, { token });
    await api("search 'kettle'", "GET", "/tickets?q=kettle&limit=25", { token });
    await api("search '退款'", "GET", `/tickets?q=${encodeURIComponent("退款")}&limit=25`, { token });
    await api("search '茶'", "GET", `/tickets?q=${encodeURIComponent("茶")}&limit=25`, { token });
    await api("search '#number'", "GET", `/tickets?q=${encodeURIComponent("#12345")}&limit=25`, { token });
    await api("search a short number", "GET", "/tickets?q=42&limit=25", { token });
    await api("customers list", "GET", "/customers", { token });
    await api("customers search", "GET", "/customers?q=wang", { token });
    await api("customers search, short", "GET", `/customers?q=${encodeURIComponent("王")}`, { token });
    await api("customer get", "GET", `/customers/${customer.id}`, { token });
    await api("customer satisfaction", "GET", `/customers/${customer.id}/satisfaction`, { token });
    await api("customer context", "GET", `/customers/${customer.id}/context?besides=${created.id}`, { token });
    await api("customer patch", "PATCH", `/customers/${customer.id}`, { token, body: { tier: "vip" } });
    const view = await api("save a view", "POST", "/saved-views", { token: member.token, body: { name: "Urgent", filters: { priority: "urgent" } } });
    await api("saved views", "GET", "/saved-views", { token: member.token });
    await api("rename a saved view", "PATCH", `/saved-views/${view.id}`, { token: member.token, body: { name: "Very urgent" } });
    await api("ticket counts", "POST", "/ticket-counts", {
      token: member.token,
      body: { queries: [{}, { status: "new,open" }, { assigneeId: "none", status: "new,open,pending" }, { assigneeId: member.user.id }, { groupId: "none" }, { tag: "shipping" }, { q: "refund" }, { sla: "breached" }, { priority: "urgent", sort: "number", order: "asc" }] },
    });

    // Writes an agent makes.
    await api("PATCH status", "PATCH", `/tickets/${created.id}`, { token, body: { status: "open" } });
    await api("PATCH priority, tags, assignee", "PATCH", `/tickets/${second.id}`, { token, body: { priority: "high", tags: ["shipping"], assigneeId: member.user.id } });
    await api("note", "POST", `/tickets/${created.id}/messages`, { token, body: { kind: "note", body: "Checked the warehouse." } });
    const reply = await api("public reply", "POST", `/tickets/${created.id}/messages`, { token, body: { kind: "reply", body: "A new kettle is on its way." } });
    const newestRead = (await api("ticket messages, before a reply", "GET", `/tickets/${second.id}/messages`, { token })).items.at(-1).id;
    await api("public reply, safe send, solving", "POST", `/tickets/${second.id}/messages`, { token, body: { kind: "reply", body: "It ships today.", status: "solved", seenMessageId: newestRead } });
    await api("notifications", "GET", "/notifications", { token: member.token });
    await api("notifications, unread", "GET", "/notifications?unread=true", { token: member.token });
    await api("notifications, all read", "POST", "/notifications/read", { token: member.token, body: { all: true } });

    // Mail: a new ticket (2 KB), a reply to our reply, one with an attachment.
    await mail("email new ticket 2 KB", email({ to: address, subject: "Where is my order?", body: "Hello, my order has not arrived yet. Could you check? ".repeat(34) }), address);
    const outbound = await env.DB.prepare("select email_message_id as id from outbound_messages where ticket_id = ? and purpose = 'reply'").bind(created.id).first<{ id: string }>();
    expect(outbound?.id, JSON.stringify(reply).slice(0, 300)).toBeTruthy();
    await mail("email reply", email({ to: address, subject: "Re: Kettle lid cracked", inReplyTo: outbound!.id, body: "Thank you!" }), address);
    await mail("email with attachment", attachmentMail(address, `attach-${slug}@mail.example.com`), address);
    // Outlook's Thread-Index only (no References): found by the conversation key, through its index.
    await mail("email reply by Thread-Index", email({ to: address, subject: "RE: Where is my order?", messageId: null, headers: { "Thread-Index": "AdnFqN3Jq1R5zPyZSUuK3l7xq0Jd1AAAPMWg" }, body: "Any news?" }), address);

    // Reports and other reads.
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    await api("report", "GET", `/reports/kpis?from=${weekAgo}&to=${today}`, { token });
    await api("report by agent", "GET", `/reports/kpis?from=${weekAgo}&to=${today}&groupBy=agent`, { token });
    await api("report CSV", "GET", `/reports/kpis.csv?from=${weekAgo}&to=${today}`, { token });
    await api("audit events", "GET", "/audit-events", { token });
    await api("inbound messages", "GET", "/inbound-messages?status=processed", { token });
    await api("mail deliveries", "GET", "/mail-deliveries", { token });
    await api("background failures", "GET", "/background-failures", { token });
    await api("users", "GET", "/users", { token });

    // The cron: two days on, breaches, escalations and the survey are due; then an idle minute.
    const at = new Date(Date.now() + 2 * 86_400_000);
    await cron("cron tick, work due", at);
    await cron("cron tick, idle", new Date(at.getTime() + 60_000));
    const survey = await env.DB.prepare("select id, tenant_id as tenantId from surveys where ticket_id = ?").bind(second.id).first<{ id: string; tenantId: string }>();
    expect(survey, "the cron sent the solved ticket's survey").toBeTruthy();
    const link = await signSurveyLink(env.JWT_SECRET, { tenantId: survey!.tenantId, ticketId: second.id, surveyId: survey!.id }, new Date());
    await api("survey page", "GET", `/${link}?answer=good`, { base: "/survey" });
    await api("survey answer", "POST", `/${link}`, { base: "/survey", form: { answer: "good", comment: "Quick, thanks." } });
    // Four days on, auto-close closes the solved ticket.
    await cron("cron tick, auto-close due", new Date(at.getTime() + 2 * 86_400_000));
    expect(await env.DB.prepare("select status from tickets where id = ?").bind(second.id).first("status")).toBe("closed");
    vi.restoreAllMocks();

    const problems: string[] = [];
    const allowed = new Set<(typeof ALLOWED)[number]>();
    for (const [sql, { params, operations }] of seen) {
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<PlanRow>()).results;
      for (const problem of planProblems(sql, plan)) {
        const allowance = ALLOWED.find((a) => a.problem.test(problem) && a.sql.test(sql));
        if (allowance) allowed.add(allowance);
        else problems.push(`${problem}\n    in: ${[...operations].join(", ")}\n    ${sql}`);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect(problems).toEqual([]);
    // The mail handler's conversation-key reads (Thread-Index) go through their partial indexes.
    const byThreadKey = [...seen].filter(([sql]) => /"thread_key" = \?/.test(sql));
    expect(byThreadKey.map(([sql]) => /from "(\w+)" inner join/.exec(sql)?.[1]).sort()).toEqual(["messages", "outbound_messages"]);
    for (const [sql, { params }] of byThreadKey) {
      const plan = (await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<PlanRow>()).results.map((r) => r.detail).join("\n");
      expect(plan).toMatch(/SEARCH (messages|outbound_messages) USING INDEX (messages_tenant_thread_key|outbound_tenant_thread_key) \(tenant_id=\? AND thread_key=\?\)/);
    }
    // An entry nothing needs any more is removed, so the list only ever says what is true.
    expect(ALLOWED.filter((a) => !allowed.has(a)).map((a) => `allow-list entry no longer needed (remove it): ${a.reason}`)).toEqual([]);
  });
});

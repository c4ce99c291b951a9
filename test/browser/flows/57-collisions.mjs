// Two agents of one workspace on one ticket, in two browser contexts, in English and Chinese:
// a property edit that collides with a colleague's save shows the conflict view (never "Saved."
// over their change) and can be re-applied; a reply written before the customer's new message
// is not sent (safe send) and shows that message with "Send anyway"; "Assign to me" saves at once
// and can be undone; an unsaved property change is saved with the reply.
export const title = "Collisions: conflict view, safe send, assign to me with undo, properties saved with a reply";

const WORDS = {
  en: {
    properties: "Properties",
    priority: "Priority",
    status: "Status",
    conflict: "Someone else changed this ticket",
    reapply: "Apply my changes on top",
    newer: "New messages arrived while you were writing",
    anyway: "Send anyway",
    send: "Send reply",
    assignMe: "Assign to me",
    assigned: "Assigned to you.",
    undo: "Undo",
    withProperties: "are saved with this message",
    agent: "Bo Agent",
  },
  "zh-CN": {
    properties: "属性",
    priority: "优先级",
    status: "状态",
    conflict: "其他人修改了这个工单",
    reapply: "在其基础上应用我的修改",
    newer: "您撰写期间收到了新消息",
    anyway: "仍然发送",
    send: "发送回复",
    assignMe: "分配给我",
    assigned: "已分配给您。",
    undo: "撤销",
    withProperties: "将与此消息一起保存",
    agent: "博客服",
  },
};

export default async function ({ newContext, check, signUp, addAgent, call, twoPeople, sendEmail, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Collide Tea" : "冲突茶");
    const agent = await addAgent(ws, { email: `bo.${lang}@collide.example`, name: w.agent });
    const address = `${ws.slug}@kefu.localhost`;
    const firstMail = `collide-${lang}-${Date.now()}@customer.example`;
    await sendEmail({ from: "li.wei@example.com", fromName: "Li Wei", to: address, subject: lang === "en" ? "Kettle lid cracked" : "水壶盖裂了", id: firstMail, body: "The lid was cracked when it arrived." });
    const [ticket] = (await call("GET", "/tickets", ws.token)).items;
    const ticketNow = () => call("GET", `/tickets/${ticket.id}`, ws.token);

    const { a, b, contextB: agentContext } = await twoPeople(newContext, lang, ws.token, agent.token);
    for (const page of [a, b]) {
      await page.goto(`/tickets/${ticket.id}`);
      await page.locator(".composer textarea").waitFor();
    }
    const props = (page) => page.getByRole("form", { name: w.properties });

    // 1. B starts changing the priority; A saves another priority first.
    await props(b).getByLabel(w.priority).selectOption("low");
    await props(a).getByLabel(w.priority).selectOption("high");
    await props(a).locator("button[type=submit]").click();
    await a.getByRole("status").getByText(lang === "en" ? "Saved." : "已保存。").waitFor();
    // B saves (or the live update already showed the collision): the conflict view, not "Saved.".
    const conflictView = b.locator(".conflict");
    if (!(await conflictView.isVisible())) await props(b).locator("button[type=submit]").click();
    await conflictView.waitFor();
    check(`${lang}: a colliding edit shows the conflict view`, (await conflictView.textContent()).includes(w.conflict), await conflictView.textContent());
    check(`${lang}: and A's High stays until B decides`, (await ticketNow()).priority === "high");
    await screenshots(b, `collision-conflict-${lang}`, [1280]);
    await conflictView.getByRole("button", { name: w.reapply }).click();
    await conflictView.waitFor({ state: "detached" });
    check(`${lang}: re-applying saves B's Low on top`, (await ticketNow()).priority === "low");

    // 2. Assign to me saves at once, with undo.
    await props(b).getByRole("button", { name: w.assignMe }).click();
    await props(b).getByText(w.assigned).waitFor();
    check(`${lang}: Assign to me saved without pressing Save`, (await ticketNow()).assigneeId === agent.user.id);
    await props(b).getByRole("button", { name: w.undo }).click();
    await b.waitForFunction(() => !document.querySelector(".assign-me button.link"));
    check(`${lang}: Undo puts the assignment back`, (await ticketNow()).assigneeId === null);

    // 3. Safe send. B's live socket is down (the app would poll), so B's thread does not show the
    //    customer's new message; B's reply must not go out over it.
    await agentContext.route("**/api/v1/live**", (route) => route.abort());
    await b.reload();
    await b.locator(".composer textarea").waitFor();
    await b.waitForFunction(() => !document.querySelector(".thread .loading"));
    const later = lang === "en" ? "Never mind, the second one arrived fine." : "没关系，第二个收到了，完好无损。";
    await sendEmail({ from: "li.wei@example.com", to: address, subject: "Re: lid", id: `later-${lang}-${Date.now()}@customer.example`, inReplyTo: firstMail, body: later });
    await b.locator(".composer textarea").fill(lang === "en" ? "We are sending a new kettle today." : "我们今天给您寄新水壶。");
    await b.locator(".composer").getByRole("button", { name: w.send }).click();
    const newer = b.locator(".newer-messages");
    await newer.waitFor();
    check(`${lang}: the reply was refused and the new message is shown`, (await newer.textContent()).includes(later), await newer.textContent());
    const sentBefore = (await call("GET", `/tickets/${ticket.id}/messages`, ws.token)).items.filter((m) => m.kind === "reply").length;
    check(`${lang}: nothing was sent`, sentBefore === 0, `${sentBefore} replies`);
    await screenshots(b, `collision-safe-send-${lang}`, [1280]);
    await newer.getByRole("button", { name: w.anyway }).click();
    await newer.waitFor({ state: "detached" });
    const replies = (await call("GET", `/tickets/${ticket.id}/messages`, ws.token)).items.filter((m) => m.kind === "reply");
    check(`${lang}: Send anyway sends it once`, replies.length === 1, JSON.stringify(replies.map((m) => m.bodyText)));

    // 4. An unsaved property change goes with the reply. (First the page shows the ticket after the
    //    reply: B's reply assigned it to B, and opened it.)
    await b.waitForFunction((id) => document.querySelector(".ticket-side select:nth-of-type(1)") && [...document.querySelectorAll(".ticket-side select")].some((s) => s.value === id), agent.user.id);
    await props(b).getByLabel(w.status).selectOption("pending");
    await b.locator(".composer textarea").fill(lang === "en" ? "Waiting for your photo." : "请发一张照片给我们。");
    await b.locator(".with-properties").getByText(w.withProperties).waitFor();
    await b.locator(".composer").getByRole("button", { name: w.send }).click();
    await b.waitForFunction(() => !document.querySelector(".with-properties"));
    const after = await ticketNow();
    check(`${lang}: the unsaved status was saved with the reply`, after.status === "pending", after.status);
    await agentContext.unroute("**/api/v1/live**");
  }
}

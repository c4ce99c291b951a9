// Who is asking, beside the ticket, in English and Chinese: a VIP customer's ticket shows the VIP
// badge, the organisation, the addresses and their two other tickets (an open one and a solved
// one, as links with their status) and what they answered to the solved one's survey; the notes are edited in place and are still there after a reload.
// Runs alone: `node test/browser/run.mjs customer-context`.
export const title = "Customer context on the ticket page: VIP badge, organisation, other tickets, satisfaction, notes edited in place";

const WORDS = {
  en: {
    panel: /^Customer: /,
    open: "Other open tickets",
    recent: "Recent tickets",
    openStatus: "Open",
    solvedStatus: "Solved",
    edit: "Edit",
    notes: "Notes",
    save: "Save",
    saved: "Saved.",
    name: "Li Wei",
    organization: "Dragon Well Tea Co.",
    subjects: { current: "The tea tin arrived dented", open: "Invoice needs our tax number", solved: "Change of delivery address" },
    bad: "Bad",
    reply: "Done: the parcel goes to the new address.",
    comment: "The new address was not used at first.",
    note: "Prefers phone calls after 3 pm.\nSpeaks English and Mandarin.",
  },
  "zh-CN": {
    panel: /^客户：/,
    open: "其他未解决工单",
    recent: "最近工单",
    openStatus: "处理中",
    solvedStatus: "已解决",
    edit: "编辑",
    notes: "备注",
    save: "保存",
    saved: "已保存。",
    name: "李伟",
    organization: "龙井茶业有限公司",
    subjects: { current: "茶叶罐到货时有凹痕", open: "发票需要加上税号", solved: "修改收货地址" },
    bad: "不满意",
    reply: "已改好：包裹会寄到新地址。",
    comment: "一开始没有用新地址。",
    note: "下午三点后方便接电话。\n会说普通话和英语。",
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, runCron, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Context Tea" : "茶叶背景");
    const customer = await call("POST", "/customers", ws.token, {
      name: w.name,
      emails: [`li.wei.${lang.toLowerCase()}@example.com`, `liwei.${lang.toLowerCase()}@work.example.com`],
      organization: w.organization,
      tier: "vip",
    });
    const ticket = (subject, extra = {}) => call("POST", "/tickets", ws.token, { subject, description: `${subject}.`, requester: { id: customer.id }, ...extra });
    const solved = await ticket(w.subjects.solved);
    await call("POST", `/tickets/${solved.id}/messages`, ws.token, { kind: "reply", body: w.reply, status: "solved" });
    const open = await ticket(w.subjects.open, { status: "open" });
    const current = await ticket(w.subjects.current);
    // The solved ticket's survey goes out a day later; the customer answers it with a comment.
    await runCron(Date.now() + 25 * 3600_000);
    const sent = (await call("GET", `/dev/outbox?ticketId=${solved.id}`, ws.token)).items.find((m) => m.purpose === "survey");
    const link = new URL(sent?.bodyText.match(/https?:\/\/\S+answer=good/)?.[0] ?? "http://x/");
    const answered = await fetch(`${link.origin.replace("localhost", "127.0.0.1")}${link.pathname}`, { method: "POST", body: new URLSearchParams({ answer: "bad", comment: w.comment }) });
    check(`${lang}: the customer answered the solved ticket's survey`, answered.status === 200, `${answered.status} ${sent?.bodyText}`);

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto(`/tickets/${current.id}`);
    const panel = tab.getByRole("region", { name: w.panel });
    await panel.waitFor();

    // Who asked: name, VIP, organisation, both addresses; their other tickets, each with its status.
    await panel.getByText("VIP", { exact: true }).waitFor();
    await panel.getByText(w.organization).waitFor();
    await panel.getByRole("link", { name: customer.emails[1] }).waitFor();
    await panel.getByRole("link", { name: new RegExp(w.subjects.open) }).waitFor();
    await panel.getByRole("link", { name: new RegExp(w.subjects.solved) }).waitFor();
    await panel.getByText(w.comment).waitFor();
    const panelText = await panel.innerText();
    const openAt = panelText.indexOf(w.open);
    const recentAt = panelText.indexOf(w.recent);
    check(
      `${lang}: the open ticket is listed as open, the solved one as recent, this ticket in neither`,
      openAt >= 0 && recentAt > openAt && panelText.indexOf(w.subjects.open) > openAt && panelText.indexOf(w.subjects.open) < recentAt && panelText.indexOf(w.subjects.solved) > recentAt && !panelText.includes(w.subjects.current),
      panelText,
    );
    check(`${lang}: the satisfaction answer shows its rating and the ticket`, panelText.includes(w.bad) && panelText.includes(solved.ref), panelText);
    check(`${lang}: each other ticket shows its status`, panelText.includes(w.openStatus) && panelText.includes(w.solvedStatus), panelText);
    check(`${lang}: the links lead to the tickets`, (await panel.getByRole("link", { name: new RegExp(w.subjects.open) }).getAttribute("href")) === `/tickets/${open.id}` && (await panel.getByRole("link", { name: new RegExp(w.subjects.solved) }).getAttribute("href")) === `/tickets/${solved.id}`);
    await screenshots(tab, `customer-context-${lang}`, [1280, 375]);

    // The notes, edited in place: saved, shown, and still there after a reload.
    await panel.getByRole("button", { name: w.edit }).click();
    await panel.getByLabel(w.notes).fill(w.note);
    await panel.getByRole("button", { name: w.save }).click();
    await panel.getByRole("status").filter({ hasText: w.saved }).waitFor({ timeout: 15_000 });
    const stored = await call("GET", `/customers/${customer.id}`, ws.token);
    check(`${lang}: the notes were saved, the rest unchanged`, stored.notes === w.note && stored.tier === "vip" && stored.organization === w.organization, JSON.stringify(stored));
    await tab.reload();
    await tab.getByRole("region", { name: w.panel }).getByText(w.note.split("\n")[0]).waitFor({ timeout: 15_000 });
    check(`${lang}: after a reload the panel shows the notes`, (await tab.getByRole("region", { name: w.panel }).innerText()).includes(w.note.split("\n")[1]));
    await context.close();
  }
}

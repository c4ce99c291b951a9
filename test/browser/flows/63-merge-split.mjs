// Merging and splitting tickets, in English and Chinese: an agent merges one ticket into another
// (found by its number), telling the requester; the target shows both conversations and the source
// shows "Merged into #N"; then a customer's message is split out into a new ticket.
// Runs alone: `node test/browser/run.mjs merge-split`.
export const title = "Merge a ticket into another (banner on the source, messages in the target); split a message into a new ticket";

const WORDS = {
  en: {
    mergeInto: "Merge into…",
    find: "Ticket number or words",
    search: "Find",
    choose: (ref) => `Choose ${ref}`,
    tell: "Tell the requester (email them that the requests were merged)",
    merge: "Merge",
    mergedInto: "Merged into",
    menu: "Message actions",
    split: "Split into new ticket",
    splitFrom: "split this ticket out of",
    subjects: ["Lid cracked on arrival", "Refund for the teapot"],
    sourceText: "The lid was cracked when the parcel came.",
    followUp: "Also: can you ship to Hong Kong?",
  },
  "zh-CN": {
    mergeInto: "合并到…",
    find: "工单号或关键词",
    search: "查找",
    choose: (ref) => `选择 ${ref}`,
    tell: "通知客户（发邮件告知请求已合并）",
    merge: "合并",
    mergedInto: "已合并到",
    menu: "消息操作",
    split: "拆分为新工单",
    splitFrom: "将本工单拆分自",
    subjects: ["到货时盖子裂了", "茶壶退款"],
    sourceText: "包裹到的时候盖子已经裂了。",
    followUp: "另外：可以寄到香港吗？",
  },
};

export default async function ({ newContext, check, signUp, call, sendEmail, signInContext, screenshots, openHistory }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Merge Tea" : "合并茶");
    const requester = { email: "li.wei@example.com", name: "Li Wei" };
    const source = await call("POST", "/tickets", ws.token, { subject: w.subjects[0], description: w.sourceText, requester, tags: ["damaged"] });
    const target = await call("POST", "/tickets", ws.token, { subject: w.subjects[1], description: "Please refund the teapot.", requester });
    // The customer writes again about the target: a second message, to split out later.
    const address = `${ws.slug}@kefu.localhost`;
    const mailed = await sendEmail({ from: requester.email, fromName: requester.name, to: address, subject: `Re: [${target.ref}] ${w.subjects[1]}`, id: `follow-${lang}-${Date.now()}@mail.example.com`, body: w.followUp });
    check(`${lang}: the customer's second message arrives`, mailed.status < 300, mailed.text);

    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto(`/tickets/${source.id}`);
    await tab.getByText(w.mergeInto).click();
    await tab.getByLabel(w.find).fill(target.ref);
    await tab.getByRole("button", { name: w.search, exact: true }).click();
    await tab.getByRole("button", { name: w.choose(target.ref) }).click();
    // What moves is read when the target is chosen.
    await tab.locator(".merge-confirm").getByText("damaged").waitFor();
    const confirm = await tab.locator(".merge-confirm").textContent();
    check(`${lang}: the confirmation says what moves (1 message, the tag) and where`, confirm.includes("1") && confirm.includes("damaged") && confirm.includes(target.ref), confirm);
    await tab.getByLabel(w.tell).check();
    await screenshots(tab, `merge-confirm-${lang}`, [1280]);
    await tab.getByRole("button", { name: w.merge, exact: true }).click();
    await tab.waitForURL(new RegExp(`/tickets/${target.id}$`));
    await tab.locator(".messages").getByText(w.sourceText).waitFor();
    check(`${lang}: after the merge the target shows the source's message`, true);

    // The requester was told, through the outbox.
    const outbox = await call("GET", `/dev/outbox?ticketId=${target.id}`, ws.token);
    check(`${lang}: the requester is told by email`, outbox.items.some((m) => m.to === requester.email && m.bodyText.includes(source.ref)), JSON.stringify(outbox.items.map((m) => m.bodyText)));

    await tab.goto(`/tickets/${source.id}`);
    const banner = tab.locator(".merged-banner");
    await banner.getByRole("link", { name: target.ref }).waitFor();
    const bannerText = await banner.textContent();
    check(`${lang}: the source shows "${w.mergedInto} ${target.ref}"`, bannerText.includes(w.mergedInto) && bannerText.includes(target.ref), bannerText);
    await screenshots(tab, `merged-banner-${lang}`, [1280, 375]);
    await banner.getByRole("link", { name: target.ref }).click();
    await tab.waitForURL(new RegExp(`/tickets/${target.id}$`));

    // Split the customer's second message out of the target.
    const message = tab.locator(".messages > li").filter({ hasText: w.followUp });
    await message.getByLabel(w.menu).click();
    await message.getByRole("button", { name: w.split }).click();
    await tab.waitForURL((url) => /\/tickets\/tkt_/.test(url.pathname) && !url.pathname.endsWith(target.id));
    await tab.locator(".messages").getByText(w.followUp).waitFor();
    const created = tab.url().split("/tickets/")[1];
    const moved = await call("GET", `/tickets/${target.id}/messages`, ws.token);
    check(`${lang}: the split message opened as a new ticket and left the old one`, !moved.items.some((m) => m.bodyText.includes(w.followUp)), created);
    await openHistory(tab);
    await tab.locator(".history").getByText(w.splitFrom).waitFor();
    await tab.locator(".history").getByRole("link", { name: target.ref }).waitFor();
    check(`${lang}: the new ticket's history links back to ${target.ref}`, true);
    await screenshots(tab, `split-ticket-${lang}`, [1280]);
    await context.close();
  }
}

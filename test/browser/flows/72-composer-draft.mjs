// The composer keeps what an agent is writing, in English and Chinese: a half-written reply
// survives a reload of the ticket, Ctrl+Enter sends it, and after sending the draft is gone. The
// agent's signature is shown under the reply, editable, and sent once, as shown.
// Runs alone: `node test/browser/run.mjs composer-draft`.
export const title = "Composer: a draft survives a reload, Ctrl+Enter sends, a sent reply leaves no draft; the signature is shown and sent as shown";

const WORDS = {
  en: { body: "Message", sent: "Reply sent to", draft: "Thanks for waiting: a new lid is on its way", signature: "Signature (for this reply; your profile keeps the default)", mine: "Li Na, Draft Tea", edited: "Li Na, Draft Tea (out until Monday)" },
  "zh-CN": { body: "内容", sent: "回复已发送至", draft: "感谢耐心等待：新的盖子已经寄出", signature: "签名（仅本次回复；默认签名在个人资料中）", mine: "李娜，草稿茶", edited: "李娜，草稿茶（周一前休假）" },
};

export default async function ({ newContext, check, signUp, signInContext, call }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(lang === "en" ? "Draft Tea" : "草稿茶");
    await call("PATCH", "/me", ws.token, { signature: w.mine });
    const ticket = await call("POST", "/tickets", ws.token, { subject: "Lid cracked", description: "Hello", requester: { email: "li.wei@example.com", name: "Li Wei" } });
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto(`/tickets/${ticket.id}`);
    const body = tab.locator(".composer").getByLabel(w.body, { exact: true });
    await body.waitFor({ timeout: 15_000 });
    await body.fill(w.draft);
    await tab.reload();
    await body.waitFor({ timeout: 15_000 });
    check(`${lang}: the half-written reply is still there after a reload`, (await body.inputValue()) === w.draft, await body.inputValue());

    const signature = tab.getByLabel(w.signature);
    check(`${lang}: the profile's signature is shown under the reply`, (await signature.inputValue()) === w.mine, await signature.inputValue());
    await signature.fill(w.edited);
    await body.press("Control+Enter");
    await tab.getByText(w.sent).waitFor({ timeout: 15_000 });
    const messages = await call("GET", `/tickets/${ticket.id}/messages`, ws.token);
    const reply = messages.items.find((m) => m.kind === "reply" && m.bodyText.includes(w.draft));
    check(`${lang}: Ctrl+Enter sent it`, Boolean(reply));
    check(`${lang}: with the signature as edited, once`, reply?.bodyText.split(w.mine).length === 2 && reply.bodyText.includes(w.edited), reply?.bodyText);
    await tab.reload();
    await body.waitFor({ timeout: 15_000 });
    check(`${lang}: no draft is left after sending`, (await body.inputValue()) === "", await body.inputValue());
    await context.close();
  }
}

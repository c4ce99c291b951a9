// Attachments on replies (issue 13, flow 61): in English and in Chinese an agent attaches files to a
// reply (button, drag-and-drop), sees refusals in their language, removes one, sends, sees the file in
// the thread with a download link, and the dev outbox shows the reply carrying it as an attachment.
export const title = "Attachments: attach, refuse, remove, send, see in the thread and in the outbox (EN, ZH)";

const WORDS = {
  en: {
    attach: "Attach files",
    send: "Send reply",
    refused: "Files of this type cannot be attached",
    asLink: "too large to attach; the customer gets a download link valid 30 days",
    remove: (name) => `Remove ${name}`,
    body: "Here is your invoice.",
    file: "invoice.pdf",
  },
  "zh-CN": {
    attach: "添加附件",
    send: "发送回复",
    refused: "不能附加此类文件",
    asLink: "太大，无法作为附件；客户将收到下载链接，30 天内有效",
    remove: (name) => `移除 ${name}`,
    body: "这是您的报价单。",
    file: "报价单.pdf",
  },
};

export default async function ({ newContext, check, signUp, signInContext, call, screenshots }) {
  const ws = await signUp("Attach Tea");
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ticket = await call("POST", "/tickets", ws.token, { subject: `Invoice please (${lang})`, description: "Could you send the invoice?", requester: { email: `buyer.${lang}@attach.example`, name: "Li Wei" } });
    const context = await newContext({ locale: lang === "en" ? "en-US" : "zh-CN" });
    await signInContext(context, ws.token);
    const page = await context.newPage();
    await page.addInitScript((l) => localStorage.setItem("kefu.locale", l), lang);
    await page.goto(`/tickets/${ticket.id}`);
    const composer = page.locator(".composer");
    await composer.locator("textarea").waitFor();
    check(`${lang}: the composer has an attach button`, (await composer.getByRole("button", { name: w.attach }).count()) === 1);

    // A program is refused before upload, worded in the user's language.
    await composer.locator('[data-testid="attach-input"]').setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await composer.locator(".file-errors").getByText(w.refused).waitFor();
    check(`${lang}: a program is refused with a message beside the composer`, true);

    // The real file through the button; a large one by drag-and-drop (told it goes as a link), then removed.
    await composer.locator('[data-testid="attach-input"]').setInputFiles({ name: w.file, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 kefu attachment test") });
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(3 * 1024 * 1024 + 100)], "catalogue.zip", { type: "application/zip" }));
      const form = document.querySelector(".composer");
      form.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      form.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    const pending = composer.locator(".pending-files li");
    await pending.filter({ hasText: "catalogue.zip" }).getByText(w.asLink).waitFor();
    check(`${lang}: a dropped file over the mail limit is listed as a download link`, true);
    await page.waitForFunction(() => document.querySelectorAll(".composer .pending-files progress").length === 0);
    const listed = await pending.allTextContents();
    check(`${lang}: both files are listed with their sizes`, listed.some((t) => t.includes(w.file) && t.includes("KB")) && listed.some((t) => t.includes("catalogue.zip") && t.includes("3.0 MB")), JSON.stringify(listed));
    await composer.getByRole("button", { name: w.remove("catalogue.zip") }).click();
    check(`${lang}: a removed file leaves the list`, (await pending.count()) === 1);
    // An image pasted into the message is attached (Chromium names a pasted image image.png).
    await composer.locator("textarea").evaluate((area) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], "image.png", { type: "image/png" }));
      area.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await pending.filter({ hasText: "image.png" }).waitFor();
    check(`${lang}: a pasted image is attached`, true);
    await page.waitForFunction(() => document.querySelectorAll(".composer .pending-files progress").length === 0);
    await composer.getByRole("button", { name: w.remove("image.png") }).click();
    check(`${lang}: …and can be removed`, (await pending.count()) === 1);
    if (lang === "en") await screenshots(page, "composer-attachments");

    await composer.locator("textarea").fill(w.body);
    await composer.getByRole("button", { name: w.send }).click();
    await page.waitForFunction(() => document.querySelectorAll(".composer .pending-files li").length === 0);
    const link = page.locator(".thread ul.attachments a", { hasText: w.file });
    await link.waitFor();
    check(`${lang}: the thread shows the sent file with a download link`, (await link.getAttribute("href"))?.startsWith("/api/v1/attachments/"));
    const download = await page.request.get(await link.getAttribute("href"));
    check(`${lang}: the link downloads the file`, (await download.text()) === "%PDF-1.4 kefu attachment test", String(download.status()));
    if (lang === "zh-CN") await screenshots(page, "composer-attachments-zh");

    const outbox = await call("GET", `/dev/outbox?ticketId=${ticket.id}`, ws.token);
    const reply = outbox.items.find((m) => m.purpose === "reply");
    check(
      `${lang}: the outbox's reply carries the file as an attachment part`,
      reply && reply.status === "sent" && reply.attachments.length === 1 && reply.attachments[0].filename === w.file && reply.attachments[0].contentType === "application/pdf",
      JSON.stringify(reply?.attachments),
    );
    const uploads = await call("GET", `/tickets/${ticket.id}/attachments`, ws.token);
    check(`${lang}: the removed file was never sent`, uploads.items.every((a) => a.filename !== "catalogue.zip"));
    await context.close();
  }
}

// The workspace logo (issue 13), in English and Chinese: an admin uploads a PNG in the survey
// settings, sees it; an SVG is refused in their language; the satisfaction survey page a customer
// opens shows the uploaded logo beside the workspace's name; removing it takes it off the page.
// Runs alone: `node test/browser/run.mjs workspace-logo`.
export const title = "Workspace logo: upload a PNG (SVG refused), shown on the survey page, removed";

// A 2×2 red PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');

const WORDS = {
  en: { upload: "Upload a logo", uploaded: "Logo uploaded.", svg: "A logo must be a PNG, JPEG or WebP image", remove: "Remove uploaded logo", removed: "Uploaded logo removed.", name: "Logo Tea" },
  "zh-CN": { upload: "上传标志", uploaded: "标志已上传。", svg: "标志必须是 PNG、JPEG 或 WebP 图片", remove: "删除已上传的标志", removed: "已删除上传的标志。", name: "标志茶" },
};

export default async function ({ newContext, check, signUp, signInContext, call, runCron, screenshots }) {
  for (const lang of ["en", "zh-CN"]) {
    const w = WORDS[lang];
    const ws = await signUp(w.name);
    const context = await newContext({ locale: lang });
    await signInContext(context, ws.token);
    const tab = await context.newPage();
    await tab.goto("/settings/surveys");
    const file = tab.getByLabel(w.upload);
    await file.waitFor({ timeout: 15_000 });

    await file.setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: SVG });
    await tab.getByText(w.svg).waitFor({ timeout: 15_000 });
    check(`${lang}: an SVG is refused, saying why in the user's language`, (await call("GET", "/workspace", ws.token)).logoImageUrl === null);

    await file.setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await tab.getByText(w.uploaded).waitFor({ timeout: 15_000 });
    const workspace = await call("GET", "/workspace", ws.token);
    const preview = tab.locator(`.logo-upload img[src="${workspace.logoImageUrl}"]`);
    await preview.waitFor({ timeout: 15_000 });
    await tab.waitForFunction((src) => [...document.querySelectorAll(".logo-upload img")].some((img) => img.getAttribute("src") === src && img.complete && img.naturalWidth === 2), workspace.logoImageUrl, { timeout: 15_000 });
    check(`${lang}: the PNG is uploaded and shown in the settings`, /^\/survey\/logo\/[0-9a-f]{40}$/.test(workspace.logoImageUrl), workspace.logoImageUrl);
    await screenshots(tab, `workspace-logo-${lang}`, [1280, 375]);

    // A solved ticket's survey, a day later: the page the customer opens shows the logo.
    const ticket = await call("POST", "/tickets", ws.token, { subject: "Logo survey", description: "Hello", requester: { email: `logo.${lang.toLowerCase()}@example.com`, name: "Li Wei" } });
    await call("POST", `/tickets/${ticket.id}/messages`, ws.token, { kind: "reply", body: "Sorted, thank you." });
    const solved = await call("PATCH", `/tickets/${ticket.id}`, ws.token, { status: "solved" });
    await runCron(Date.parse(solved.solvedAt) + 25 * 3600 * 1000);
    const mail = (await call("GET", `/dev/outbox?ticketId=${ticket.id}`, ws.token)).items.find((m) => m.purpose === "survey");
    const link = mail?.bodyText.match(/https?:\/\/[^\s<>)\]]*\/survey\/[^\s<>)\]]+/)?.[0];
    check(`${lang}: the survey email was sent with a link`, Boolean(link), mail?.bodyText);
    const survey = await context.newPage();
    const path = link && new URL(link).pathname;
    await survey.goto(path);
    await survey.waitForFunction((src) => [...document.querySelectorAll("header.brand img")].some((img) => img.getAttribute("src") === src && img.complete && img.naturalWidth === 2), workspace.logoImageUrl, { timeout: 15_000 });
    check(`${lang}: the survey page shows the uploaded logo beside the workspace's name`, (await survey.locator("header.brand").textContent()).includes(w.name));
    await screenshots(survey, `workspace-logo-survey-${lang}`, [375]);

    await tab.getByRole("button", { name: w.remove }).click();
    await tab.getByText(w.removed).waitFor({ timeout: 15_000 });
    await survey.goto(path);
    await survey.locator("header.brand").waitFor();
    check(`${lang}: once removed, the survey page shows the name alone and the image's address is gone`, (await survey.locator("header.brand img").count()) === 0 && (await survey.request.get(workspace.logoImageUrl)).status() === 404);
    await context.close();
  }
}

// A hostile HTML email — a script, an onerror handler, a javascript: link, a remote tracking
// image, a CSS overlay — renders on the ticket page without running or loading anything, and
// the overlay stays inside the email's sandboxed frame.
import { createServer } from "node:http";
import { BASE } from "../harness.mjs";

export const title = "A hostile HTML email renders without running or loading anything";

export default async function ({ context, page, check, signUp, signInContext, call, screenshots }) {
  // A tracker on the loopback interface: any request it gets means the email phoned home.
  const hits = [];
  const tracker = createServer((request, response) => {
    hits.push(request.url);
    response.end("gif");
  });
  await new Promise((resolve) => tracker.listen(0, "127.0.0.1", resolve));
  const trackerUrl = `http://127.0.0.1:${tracker.address().port}`;
  try {
    const ws = await signUp("Hostile Tea");
    const html = [
      `<p>Hello, see my order below.</p>`,
      `<script>document.title = "pwned"; alert("script")</script>`,
      `<img src="x" onerror="document.title='pwned'; alert('onerror')">`,
      `<img src="${trackerUrl}/pixel.gif?u=victim" width="1" height="1">`,
      `<div style="background:url(${trackerUrl}/css.gif)">styled</div>`,
      `<a href="javascript:alert('link')">click me</a>`,
      `<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;background:red;z-index:99999">OVERLAY</div>`,
    ].join("\n");
    const raw = [
      "From: Mallory <mallory@evil.example>",
      `To: ${ws.workspace.supportAddress}`,
      "Subject: Invoice attached",
      `Message-ID: <hostile-${Date.now()}@evil.example>`,
      `Date: ${new Date().toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/html; charset=utf-8",
      "",
      html,
      "",
    ].join("\r\n");
    const endpoint = `${BASE.replace("localhost", "127.0.0.1")}/cdn-cgi/handler/email?from=mallory@evil.example&to=${encodeURIComponent(ws.workspace.supportAddress)}`;
    const delivered = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "message/rfc822" },
      body: raw,
    });
    check("the hostile email is accepted", delivered.status === 200, String(delivered.status));
    const [ticket] = (await call("GET", "/tickets", ws.token)).items;

    const dialogs = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await signInContext(context, ws.token);
    await page.goto(`/tickets/${ticket.id}`);
    const frame = page.locator("iframe.email-frame").first();
    await frame.waitFor();
    await page.waitForTimeout(1000); // time for anything that would load or run
    check("the email is shown in a frame sandboxed without scripts", (await frame.getAttribute("sandbox")) === "");
    check("no script ran: no dialog, the page title is untouched", dialogs.length === 0 && (await page.title()) !== "pwned", JSON.stringify({ dialogs, title: await page.title() }));
    check("nothing was loaded from the tracker (image, CSS)", hits.length === 0, JSON.stringify(hits));
    // A frame's content cannot paint outside the frame: what is on top at the agent's own
    // controls (beside and below the email) is the page itself, not the overlay. Only controls on
    // screen can be asked (elementFromPoint), and only shown ones (not in a closed menu).
    const { covered, asked } = await page.evaluate(() => {
      const onScreen = (r) => r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
      const targets = [...document.querySelectorAll("button, select, h1")].filter((el) => el.checkVisibility() && onScreen(el.getBoundingClientRect()));
      const covered = targets
        .map((el) => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return top === el || el.contains(top) ? null : `${el.tagName} ${el.textContent?.slice(0, 30)} covered by ${top?.tagName}`;
        })
        .filter(Boolean)
        .slice(0, 5);
      return { covered, asked: targets.length };
    });
    check("a position:fixed overlay in the email covers none of the agent's controls on screen", asked >= 5 && covered.length === 0, JSON.stringify({ asked, covered }));
    await screenshots(page, "hostile-email");
  } finally {
    tracker.close();
  }
}

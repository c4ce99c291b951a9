import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sendEmailBindingMailer } from "../../workers/core/mail/mailer";
import { openDb } from "../../workers/core/db";
import { deleteExpiredUploads, expiredUploads } from "../../workers/core/attachments/upload-store";
import { uploads } from "../../schema";
import { newWorkspace } from "../helpers/api";
import { call } from "../helpers/api";
import { tick } from "../helpers/cron";

/** A send_email binding that keeps what it was given. */
function capturingBinding() {
  const sent: EmailMessageBuilder[] = [];
  const binding = { send: async (message: EmailMessageBuilder) => void sent.push(message) } as unknown as SendEmail;
  return { binding, sent };
}

const email = { from: { email: "shop@kefu.localhost", name: "Shop" }, to: "li@example.com", subject: "Re: tea", text: "Here it is", messageId: "m1@kefu.localhost" };

describe("outbound attachments", () => {
  it("the binding mailer sends each file as an attachment part with its bytes from R2", async () => {
    await env.BLOBS.put("att/t1/up/a", new TextEncoder().encode("%PDF-1.4 bytes"));
    const { binding, sent } = capturingBinding();
    await sendEmailBindingMailer(binding, env.BLOBS).send({ ...email, attachments: [{ filename: "报价单.pdf", contentType: "application/pdf", size: 14, storageKey: "att/t1/up/a" }] });
    expect(sent).toHaveLength(1);
    const [part] = sent[0]!.attachments!;
    expect(part).toMatchObject({ disposition: "attachment", filename: "报价单.pdf", type: "application/pdf" });
    expect(new TextDecoder().decode(part!.content as ArrayBuffer)).toBe("%PDF-1.4 bytes");
  });

  it("a message without files sends none; a file missing from the store fails the send", async () => {
    const { binding, sent } = capturingBinding();
    await sendEmailBindingMailer(binding).send(email);
    expect(sent[0]!.attachments).toBeUndefined();
    await expect(sendEmailBindingMailer(binding, env.BLOBS).send({ ...email, attachments: [{ filename: "gone.pdf", contentType: "application/pdf", size: 1, storageKey: "att/none" }] })).rejects.toThrow(/missing/);
    await expect(sendEmailBindingMailer(binding).send({ ...email, attachments: [{ filename: "x.pdf", contentType: "application/pdf", size: 1, storageKey: "att/t1/up/a" }] })).rejects.toThrow(/no file store/);
  });

  it("the cron step deletes uploads never sent once their time is up (row and file), and leaves the others", async () => {
    const { token } = await newWorkspace();
    const tenantId = (await call("GET", "/workspace", { token })).body.id;
    const db = openDb(env.DB);
    const now = new Date("2026-12-05T12:00:00Z");
    const row = (id: string, expiresAt: Date) => ({ id, tenantId, userId: "usr_x", filename: `${id}.txt`, contentType: "text/plain", size: 1, storageKey: `att/${tenantId}/up/${id}`, createdAt: now, expiresAt });
    await db.insert(uploads).values([row("upl_old", new Date(now.getTime() - 1)), row("upl_new", new Date(now.getTime() + 60_000))]);
    for (const id of ["upl_old", "upl_new"]) await env.BLOBS.put(`att/${tenantId}/up/${id}`, "x");
    const found = await expiredUploads(db, now);
    expect(found.map((u) => u.id)).toEqual(["upl_old"]);
    expect(await deleteExpiredUploads(db, env.BLOBS, found)).toBe(1);
    expect((await db.select().from(uploads)).map((u) => u.id)).toEqual(["upl_new"]);
    expect(await env.BLOBS.head(`att/${tenantId}/up/upl_old`)).toBeNull();
    expect(await env.BLOBS.head(`att/${tenantId}/up/upl_new`)).not.toBeNull();

    // The cron's tick runs the step: a day later the other one goes too.
    await tick(new Date(now.getTime() + 24 * 60 * 60 * 1000));
    expect(await db.select().from(uploads)).toEqual([]);
    expect(await env.BLOBS.head(`att/${tenantId}/up/upl_new`)).toBeNull();
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDb } from "../../workers/core/db";
import type { Mailer } from "../../workers/core/mail/mailer";
import { deliver, deliverDue, MAX_SEND_ATTEMPTS } from "../../workers/core/mail/outbox";
import { newWorkspace } from "../helpers/api";
import { queuedMail } from "../helpers/outbound";
import { tick } from "../helpers/cron";

const db = openDb(env.DB);
const failing: Mailer = { send: async () => Promise.reject(new Error("550 relay unavailable")) };



describe("cron: outbound mail retries", () => {
  it("a message whose sending failed is kept, then sent by a later tick once due", async () => {
    const { workspace } = await newWorkspace();
    const t0 = new Date("2026-11-22T10:00:00Z");
    const failed = await deliver(db, failing, await queuedMail(workspace.id, t0), t0);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("550 relay unavailable") });
    expect(failed.nextAttemptAt!.getTime()).toBe(t0.getTime() + 60_000);

    await tick(new Date(t0.getTime() + 30_000));
    expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, failed.id) }))!.status).toBe("failed");

    await tick(new Date(t0.getTime() + 61_000));
    const sent = (await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, failed.id) }))!;
    expect(sent).toMatchObject({ status: "sent", attempts: 2, lastError: null, nextAttemptAt: null });
  });

  it("backs off and gives up after the last attempt, keeping the message and its error", async () => {
    const { workspace } = await newWorkspace();
    let now = new Date("2026-11-22T10:00:00Z");
    const message = await queuedMail(workspace.id, now);
    for (let i = 0; i < MAX_SEND_ATTEMPTS + 2; i++) {
      now = new Date(now.getTime() + 24 * 60 * 60 * 1000);
      await deliverDue(db, failing, now);
    }
    const row = (await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, message.id) }))!;
    expect(row).toMatchObject({ status: "failed", attempts: MAX_SEND_ATTEMPTS, nextAttemptAt: null, lastError: expect.stringContaining("550") });
  });

  it("two overlapping runs send a due message once", async () => {
    const { workspace } = await newWorkspace();
    const t0 = new Date("2026-11-22T10:00:00Z");
    const message = await queuedMail(workspace.id, t0);
    let sends = 0;
    const counting: Mailer = { send: async () => void sends++ };
    const later = new Date(t0.getTime() + 10 * 60_000);
    await Promise.all([deliverDue(db, counting, later), deliverDue(db, counting, later)]);
    expect(sends).toBe(1);
    expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, message.id) }))!.status).toBe("sent");
  });

  it("a message just queued is left to the request that queued it", async () => {
    const { workspace } = await newWorkspace();
    const t0 = new Date("2026-11-22T10:00:00Z");
    const message = await queuedMail(workspace.id, t0);
    await tick(new Date(t0.getTime() + 30_000));
    expect((await db.query.outboundMessages.findFirst({ where: (o, { eq }) => eq(o.id, message.id) }))!).toMatchObject({ status: "queued", attempts: 0 });
  });
});

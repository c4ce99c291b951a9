import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, outboundMessages } from "../../schema";
import { openDb } from "../../workers/core/db";
import { call, newMember, newTicket, newWorkspace } from "../helpers/api";
import { tick } from "../helpers/cron";

const db = openDb(env.DB);
const mailTo = (tenantId: string, address: string) =>
  db.select().from(outboundMessages).where(and(eq(outboundMessages.tenantId, tenantId), eq(outboundMessages.toAddress, address), eq(outboundMessages.purpose, "notification")));
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe("notification emails", () => {
  it("a burst is one email, once it has been quiet for two minutes, in the recipient's language, never to the actor", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Digest Tea");
    const bo = await newMember(owner.token, "agent", "Bo");
    expect((await call("PATCH", "/me", { token: bo.token, body: { language: "zh-CN" } })).status).toBe(200);
    const a = await newTicket(owner.token, { subject: "Kettle leaks", assigneeId: bo.user.id });
    const b = await newTicket(owner.token, { subject: "Lid cracked", assigneeId: bo.user.id });

    await tick(minutes(1)); // the burst is not quiet yet
    expect(await mailTo(owner.workspace.id, bo.email)).toEqual([]);

    await tick(minutes(3));
    const [mail, ...more] = await mailTo(owner.workspace.id, bo.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`[Digest Tea] Olivia Owner 把 #${a.number} 分配给了你，另有 1 条`);
    expect(mail!.bodyText).toContain(`${env.APP_URL}/tickets/${a.id}`);
    expect(mail!.bodyText).toContain(`${env.APP_URL}/tickets/${b.id}`);
    expect(mail!.status).toBe("sent");
    // Nothing to the owner, who made the changes; nothing twice.
    expect(await mailTo(owner.workspace.id, owner.email)).toEqual([]);
    await tick(minutes(5));
    expect(await mailTo(owner.workspace.id, bo.email)).toHaveLength(1);
    const rows = await db.select().from(notifications).where(eq(notifications.tenantId, owner.workspace.id));
    expect(rows.every((n) => n.emailedAt !== null)).toBe(true);
  });

  it("kinds turned off by email stay in-app only", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Quiet Tea");
    const ada = await newMember(owner.token, "agent", "Ada");
    const settings = (await call("GET", "/me/notification-settings", { token: ada.token })).body;
    expect((await call("PUT", "/me/notification-settings", { token: ada.token, body: { email: { ...settings.email, new_ticket: false } } })).status).toBe(200);
    await newTicket(owner.token, { subject: "Unassigned one" });
    const ticket = await newTicket(owner.token, { subject: "Ada's one", assigneeId: ada.user.id });
    await tick(minutes(3));
    const [mail, ...more] = await mailTo(owner.workspace.id, ada.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`[Quiet Tea] Olivia Owner assigned #${ticket.number} to you`);
    expect(mail!.bodyText).not.toContain("Unassigned one");
    expect((await call("GET", "/notifications", { token: ada.token })).body.unreadCount).toBe(2);
  });
});

describe("SLA notices", () => {
  it("a breach on my ticket rings my bell once; its email is the alert's, which I can turn off", { timeout: 60_000 }, async () => {
    const owner = await newWorkspace("Breach Tea");
    const bo = await newMember(owner.token, "agent", "Bo");
    const settings = (await call("GET", "/me/notification-settings", { token: bo.token })).body;
    expect((await call("PUT", "/me/notification-settings", { token: bo.token, body: { email: { ...settings.email, sla_breach: false } } })).status).toBe(200);
    await call("POST", "/sla-policies", { token: owner.token, body: { name: "Fast", conditions: {}, targets: { normal: { first_reply: { minutes: 5, businessHours: false } } } } });
    const ticket = await newTicket(owner.token, { subject: "Hurry", assigneeId: bo.user.id });
    await tick(minutes(6));
    await tick(minutes(7));
    const breaches = (await call("GET", "/notifications?limit=100", { token: bo.token })).body.items.filter((n: { kind: string; ticketId: string }) => n.kind === "sla_breach" && n.ticketId === ticket.id);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({ actor: { type: "system" }, ticketSubject: "Hurry" });
    const alertMail = await db.select().from(outboundMessages).where(and(eq(outboundMessages.tenantId, owner.workspace.id), eq(outboundMessages.purpose, "sla_breach")));
    expect(alertMail.map((m) => m.toAddress)).toContain(owner.email);
    expect(alertMail.map((m) => m.toAddress)).not.toContain(bo.email);
    // The digest does not email it again.
    await tick(minutes(10));
    expect(await mailTo(owner.workspace.id, bo.email)).toHaveLength(1); // the assignment only
    expect((await mailTo(owner.workspace.id, bo.email))[0]!.bodyText).not.toContain("overdue");
  });
});

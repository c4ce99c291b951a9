import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_STATUSES, USER_LANGUAGES } from "../../schema";
import { composeSlaAlert, formatAlertTime } from "../../workers/core/sla/sla-alert-email";

const ticket = { id: "tkt_1", number: 42, subject: "Teapot lid", status: "on_hold" as const, priority: "urgent" as const };
const base = { kind: "warning" as const, metric: "resolution" as const, dueAt: new Date("2026-12-05T10:00:00Z"), ticket, timeZone: "Asia/Shanghai", appUrl: "https://kefu.example/" };

describe("SLA alert email", () => {
  it("tells the deadline in the workspace's zone, the app's names for status and priority, and links the ticket", () => {
    const en = composeSlaAlert({ ...base, language: "en" });
    expect(en.subject).toBe("[#42] SLA warning: resolution due 2026-12-05 18:00 (Asia/Shanghai)");
    expect(en.text).toBe("[#42] SLA warning: resolution due 2026-12-05 18:00 (Asia/Shanghai)\n\nTicket #42: Teapot lid\nStatus: On hold, priority: Urgent\n\nOpen the ticket: https://kefu.example/tickets/tkt_1\n");
    const zh = composeSlaAlert({ ...base, kind: "breach", language: "zh-CN" });
    expect(zh.subject).toBe("[#42] SLA 已超时：解决应于 2026-12-05 18:00 (Asia/Shanghai) 完成");
    expect(zh.text).toContain("状态：挂起，优先级：紧急");
  });

  it("midnight is 00, not 24", () => {
    expect(formatAlertTime(new Date("2026-12-05T16:00:00Z"), "Asia/Shanghai")).toBe("2026-12-06 00:00 (Asia/Shanghai)");
    expect(formatAlertTime(new Date("2026-12-05T16:00:00Z"), "UTC")).toBe("2026-12-05 16:00 (UTC)");
  });

  it("never shows a raw status or priority code and always carries the link (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...USER_LANGUAGES),
        fc.constantFrom(...TICKET_STATUSES),
        fc.constantFrom(...TICKET_PRIORITIES),
        fc.constantFrom("warning" as const, "breach" as const),
        fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (language, status, priority, kind, dueAt) => {
          const { subject, text } = composeSlaAlert({ ...base, kind, dueAt, language, ticket: { ...ticket, status, priority } });
          expect(text).toContain("https://kefu.example/tickets/tkt_1");
          expect(text).not.toMatch(/\b(on_hold|new|open|pending|solved|closed|low|normal|high|urgent)\b/);
          expect(subject).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Shanghai\)/);
        },
      ),
    );
  });
});

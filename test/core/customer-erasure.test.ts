import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERASED_TEXT, redactJson, redactText, subjectForms } from "../../workers/core/customers/erasure";
import { webhookBody, type WebhookAlert } from "../../workers/core/webhooks/webhook-payload";

const alert = (subject: string): WebhookAlert => ({
  deliveryId: "whd_1",
  event: "sla.breach",
  occurredAt: new Date("2026-11-22T10:00:00Z"),
  workspace: { id: "ten_1", slug: "acme" },
  ticket: { id: "tkt_1", number: 12, subject, status: "open", priority: "high", assigneeId: null, groupId: null },
  sla: { metric: "first_reply", instance: 1, dueAt: new Date("2026-11-22T09:00:00Z") },
  appUrl: "https://kefu.example",
});

// Subjects that cannot overlap the placeholder or the rest of a payload: a Q-word, then Slack's specials too.
const secret = fc.stringMatching(/^Q[A-Z0-9]{2}[A-Z0-9 <>&|]{0,17}$/);

describe("erasure placeholders", () => {
  it("removes a ticket subject from both webhook formats, keeping valid JSON", () => {
    fc.assert(
      fc.property(secret, (subject) => {
        const core = subject.match(/Q[A-Z0-9]{2,}/)![0];
        for (const body of [webhookBody("json", alert(subject)), webhookBody("slack", alert(subject))]) {
          expect(body).toContain(core);
          const out = redactJson(body, subjectForms(subject));
          expect(out).not.toContain(core);
          expect(() => JSON.parse(out)).not.toThrow();
          expect(out).toContain(ERASED_TEXT);
        }
      }),
    );
  });

  it("leaves text without the secrets unchanged, and replaces longer secrets first", () => {
    fc.assert(fc.property(fc.string(), (text) => redactText(text.toLowerCase(), ["SECRET"]) === text.toLowerCase()));
    expect(redactText("Order ABC-123 for ABC", ["ABC", "ABC-123"])).toBe(`Order ${ERASED_TEXT} for ${ERASED_TEXT}`);
    expect(redactJson("not json ABC", ["ABC"])).toBe(`not json ${ERASED_TEXT}`);
    expect(subjectForms(ERASED_TEXT)).toEqual([]);
  });
});

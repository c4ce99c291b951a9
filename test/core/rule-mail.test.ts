import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inLanguage, mailRecipients, renderRuleMail, ruleMailSender, type RuleMailPerson } from "../../workers/core/rules/rule-mail";
import { rulePlaceholders } from "../../workers/core/rules/rule-placeholders";
import type { MailLanguage } from "../../workers/core/mail/mail-language";

const language = fc.constantFrom<MailLanguage>("en", "zh-CN");
const text = fc.string({ minLength: 1, maxLength: 40 });
const localized = fc.record({ en: text, "zh-CN": fc.option(fc.string({ maxLength: 40 }), { nil: undefined }) });
const values = fc.record({ customerName: fc.string({ maxLength: 20 }), customerEmail: fc.string({ maxLength: 20 }), ticketNumber: fc.option(fc.nat(), { nil: null }), ticketSubject: fc.string({ maxLength: 40 }), agentName: fc.string({ maxLength: 20 }), workspaceName: fc.string({ maxLength: 20 }) });

describe("rule mail, pure", () => {
  it("picks the Chinese text only for a zh-CN reader and only when it is there; else the English", () => {
    fc.assert(
      fc.property(localized, language, (t, lang) => {
        const zh = t["zh-CN"];
        expect(inLanguage(t, lang)).toBe(lang === "zh-CN" && zh !== undefined && zh.trim() !== "" ? zh : t.en);
      }),
    );
  });

  it("renders a one-line subject and fills placeholders once (a value holding a placeholder stays as written)", () => {
    fc.assert(
      fc.property(localized, localized, language, values, (subject, body, lang, facts) => {
        const filled = rulePlaceholders({ ...facts, customerName: `${facts.customerName}{{ticket.number}}` });
        const mail = renderRuleMail({ subject: { ...subject, en: `${subject.en}\r\n{{customer.name}}` }, body: { en: `{{customer.name}}|${body.en}` } }, "en", filled);
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(mail.subject.length).toBeGreaterThan(0);
        expect(mail.text).toBe(`${filled["customer.name"]}|${body.en}`);
        expect(mail.text.startsWith(`${facts.customerName}{{ticket.number}}`)).toBe(true);
        // Text without placeholders is the reader's language's text as written.
        const plain = { en: body.en.replace(/[{}]/g, ""), "zh-CN": body["zh-CN"]?.replace(/[{}]/g, "") };
        expect(renderRuleMail({ subject, body: plain }, lang, filled).text).toBe(inLanguage(plain, lang));
      }),
    );
  });

  it("a group's mail reaches each active member once, in their own language (none set: the workspace's), and nobody else", () => {
    const person = fc.record({
      id: fc.stringMatching(/^usr_[a-z0-9]{1,6}$/),
      name: fc.string({ maxLength: 10 }),
      email: fc.stringMatching(/^[a-z]{1,4}@x\.test$/),
      language: fc.option(language, { nil: null }),
      groupIds: fc.subarray(["grp_a", "grp_b"]),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 12 }), language, (people: RuleMailPerson[], workspaceLanguage) => {
        const { to, missing } = mailRecipients({ type: "email_group", groupId: "grp_a", subject: { en: "s" }, body: { en: "b" } }, { email: null, language: "en" }, people, workspaceLanguage, "A");
        const members = people.filter((p) => p.groupIds.includes("grp_a"));
        expect(to.map((r) => r.email).sort()).toEqual([...new Set(members.map((p) => p.email))].sort());
        for (const r of to) {
          const first = members.find((p) => p.email === r.email)!;
          expect(r.language).toBe(first.language ?? workspaceLanguage);
        }
        expect(missing === null).toBe(members.length > 0);
      }),
    );
  });

  it("the requester without an address and a missing agent get no mail, with the reason", () => {
    const mail = { subject: { en: "s" }, body: { en: "b" } };
    expect(mailRecipients({ type: "email_requester", ...mail }, { email: null, language: "en" }, [], "en", "")).toEqual({ to: [], missing: "the requester has no email address" });
    expect(mailRecipients({ type: "email_agent", userId: "usr_gone", ...mail }, { email: "a@x.test", language: "en" }, [], "en", "")).toEqual({ to: [], missing: "the agent is deactivated or gone" });
  });

  it("sends from the ticket's address, notices from the built-in one; the known mail domain wins; no address, no sender", () => {
    const workspace = [{ name: "Acme", slug: "acme", defaultLanguage: "zh-CN" as const }];
    const addresses = [
      { id: "sa_builtin", address: "acme@kefu.example", builtIn: true },
      { id: "sa_own", address: "help@acme.example", builtIn: false },
    ];
    expect(ruleMailSender({ ruleMailWorkspace: workspace, ruleMailAddresses: addresses }, "sa_own")).toEqual({ workspaceName: "Acme", workspaceLanguage: "zh-CN", mailDomain: "kefu.example", conversationFrom: "help@acme.example", noticeFrom: "acme@kefu.example" });
    expect(ruleMailSender({ ruleMailWorkspace: workspace, ruleMailAddresses: addresses }, null)!.conversationFrom).toBe("acme@kefu.example");
    expect(ruleMailSender({ ruleMailWorkspace: workspace, ruleMailAddresses: [] }, null, "kefu.test")).toMatchObject({ conversationFrom: "acme@kefu.test", noticeFrom: "acme@kefu.test", mailDomain: "kefu.test" });
    expect(ruleMailSender({ ruleMailWorkspace: workspace, ruleMailAddresses: [] }, null)).toBeNull();
  });
});

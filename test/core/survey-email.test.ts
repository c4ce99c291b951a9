import { describe, expect, it } from "vitest";
import { composeSurveyEmail, type SurveyEmailInput } from "../../workers/core/surveys/survey-email";

const INPUT: SurveyEmailInput = {
  language: "en",
  scale: "good_bad",
  question: null,
  ticketNumber: 42,
  ticketSubject: "Tea arrived broken",
  customerName: "Li Wei",
  workspaceName: "Acme Tea",
  answerUrl: (answer) => `https://help.example/survey/T?answer=${answer}`,
  optOutUrl: "https://help.example/survey/T/opt-out",
};

describe("survey email", () => {
  it("names the ticket, asks the question and links every answer, in text and HTML", () => {
    const mail = composeSurveyEmail(INPUT);
    expect(mail.subject).toBe("[#42] How did we do? (Tea arrived broken)");
    expect(mail.text).toContain('Your request #42 "Tea arrived broken" to Acme Tea was solved.');
    expect(mail.text).toContain("Good, I'm satisfied: https://help.example/survey/T?answer=good");
    expect(mail.text).toContain("Bad, I'm unsatisfied: https://help.example/survey/T?answer=bad");
    expect(mail.text).toContain("https://help.example/survey/T/opt-out");
    expect(mail.html).toContain('href="https://help.example/survey/T?answer=good"');
  });

  it("uses the workspace's own question and the Chinese templates", () => {
    const mail = composeSurveyEmail({ ...INPUT, language: "zh-CN", scale: "one_to_five", question: "这次服务怎么样？", ticketSubject: "茶壶碎了", customerName: "李伟" });
    expect(mail.subject).toBe("[#42] 您对本次服务满意吗？（茶壶碎了）");
    expect(mail.text).toContain("李伟，您好：");
    expect(mail.text).toContain("这次服务怎么样？");
    expect(mail.text).toContain("5 – 非常满意: https://help.example/survey/T?answer=5");
  });

  it("escapes what customers and agents wrote in the HTML part", () => {
    const mail = composeSurveyEmail({ ...INPUT, ticketSubject: '<img src=x onerror="alert(1)">', customerName: "<b>Li</b>", question: "Rate us & <script>" });
    expect(mail.html).not.toMatch(/<img|<b>|<script/);
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain("Rate us &amp; &lt;script&gt;");
  });
});

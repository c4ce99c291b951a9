/** The words of surveys and survey pages, per language. */
export type SurveyLocale = "en" | "zh-CN";

export const SURVEY_TEXT = {
  en: {
    subject: (ref: string, subject: string) => `[${ref}] How did we do? (${subject})`,
    greeting: (name: string) => `Hello ${name},`,
    solved: (ref: string, subject: string, workspace: string) => `Your request ${ref} "${subject}" to ${workspace} was solved.`,
    question: "How would you rate the support you received?",
    oneClick: "One click records your answer.",
    optOut: "Prefer not to get these questions?",
    page: {
      title: "How did we do?",
      recording: "Recording your answer…",
      thanks: "Thank you! Your answer is recorded.",
      choose: "Your answer",
      send: "Send my answer",
      comment: "Anything you would like to add? (optional)",
      sendComment: "Send",
      commentThanks: "Thank you for your comment.",
      badAnswer: "Please choose one of the answers.",
      commentTooLong: "The comment is too long (at most 2,000 characters).",
      optOutQuestion: (workspace: string) => `Stop receiving satisfaction surveys from ${workspace}?`,
      optOutButton: "Yes, stop sending them",
      optedOut: (workspace: string) => `Done. You will not receive satisfaction surveys from ${workspace} any more.`,
    },
    answers: { good: "Good, I'm satisfied", bad: "Bad, I'm unsatisfied", "5": "5 – Excellent", "4": "4 – Good", "3": "3 – Okay", "2": "2 – Poor", "1": "1 – Very poor" },
  },
  "zh-CN": {
    subject: (ref: string, subject: string) => `[${ref}] 您对本次服务满意吗？（${subject}）`,
    greeting: (name: string) => `${name}，您好：`,
    solved: (ref: string, subject: string, workspace: string) => `您向${workspace}提交的请求 ${ref}「${subject}」已解决。`,
    question: "您对我们这次的服务满意吗？",
    oneClick: "点击一下即可提交评价。",
    optOut: "不想再收到此类问卷？",
    page: {
      title: "您对本次服务满意吗？",
      recording: "正在提交您的评价…",
      thanks: "谢谢！您的评价已记录。",
      choose: "您的评价",
      send: "提交评价",
      comment: "还有什么想告诉我们的吗？（选填）",
      sendComment: "提交",
      commentThanks: "感谢您的留言。",
      badAnswer: "请选择一个评价。",
      commentTooLong: "留言太长（最多 2000 字）。",
      optOutQuestion: (workspace: string) => `不再接收${workspace}的满意度问卷？`,
      optOutButton: "是的，不再发送",
      optedOut: (workspace: string) => `已退订。您将不会再收到${workspace}的满意度问卷。`,
    },
    answers: { good: "满意", bad: "不满意", "5": "5 – 非常满意", "4": "4 – 满意", "3": "3 – 一般", "2": "2 – 不满意", "1": "1 – 非常不满意" },
  },
} satisfies Record<SurveyLocale, unknown>;

export type SurveyAnswer = keyof (typeof SURVEY_TEXT)["en"]["answers"];


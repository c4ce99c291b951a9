import type { UserLanguage } from "../../../schema";

/** The password reset email in the user's language (pure: the words and the link). */
export function passwordResetMail(language: UserLanguage, input: { userName: string; workspaceName: string; link: string }) {
  const { userName, workspaceName, link } = input;
  if (language === "zh-CN")
    return {
      subject: `重置您在 ${workspaceName} 的 Kefu 密码`,
      text: `${userName}，您好：\n\n有人请求重置您在 ${workspaceName}（Kefu）的密码。如果是您本人，请在 1 小时内打开以下链接设置新密码（链接只能使用一次）：\n${link}\n\n如果不是您，请忽略此邮件，您的密码不会改变。\n`,
    };
  return {
    subject: `Reset your Kefu password for ${workspaceName}`,
    text: `Hello ${userName},\n\nSomeone asked to reset your password for ${workspaceName} on Kefu. If it was you, open this link within 1 hour to choose a new password (it works once):\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.\n`,
  };
}

import { messages } from "./i18n";

export const appText = messages({
  en: {
    work: "Work",
    admin: "Settings",
    dev: "Development",
    signOut: "Sign out",
    menu: "Menu",
    notFound: "There is no such page.",
    skip: "Skip to content",
  },
  "zh-CN": {
    work: "工作",
    admin: "设置",
    dev: "开发",
    signOut: "退出登录",
    menu: "菜单",
    notFound: "没有这个页面。",
    skip: "跳到正文",
  },
});

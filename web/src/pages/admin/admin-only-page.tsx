import { messages } from "../../i18n";
import { isAdmin } from "../../session";

const text = messages({
  en: {
    title: "For owners and admins",
    body: "Only the workspace's owners and admins can open this page. Ask one of them if you need a setting changed.",
    missing: "There is no such settings page.",
    home: "Back to the start",
  },
  "zh-CN": {
    title: "仅限所有者和管理员",
    body: "只有工作区的所有者和管理员可以打开此页面。如需修改设置，请联系他们。",
    missing: "没有这个设置页面。",
    home: "返回首页",
  },
});

/** What an agent sees on an admin page's URL (and an admin on a settings URL that does not exist). */
export function AdminOnlyPage() {
  const t = text();
  return (
    <div class="panel">
      {isAdmin() ? (
        <p>{t.missing}</p>
      ) : (
        <>
          <h1>{t.title}</h1>
          <p>{t.body}</p>
        </>
      )}
      <p>
        <a href="/">{t.home}</a>
      </p>
    </div>
  );
}

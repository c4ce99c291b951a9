import { messages } from "../../i18n";
import { WorkspaceSwitchForm, type SwitchWorkspace } from "./workspace-switch-form";

const text = messages({
  en: {
    title: "Replies on a new subject",
    label: "A reply with a new subject starts a new ticket",
    hint: "Off: an emailed reply to a ticket's mail joins that ticket whatever its subject says. On: when its subject is another topic (ignoring Re:, Fwd:, AW:, 回复: and the like), it starts a new ticket linked to the old one.",
  },
  "zh-CN": {
    title: "主题不同的回复",
    label: "主题不同的回复另建新工单",
    hint: "关闭时：回复工单邮件的邮件不论主题如何，都会加入原工单。开启时：如果主题是另一件事（忽略 Re:、Fwd:、回复: 等前缀），会新建一个工单，并关联到原工单。",
  },
});

/** The workspace's "new subject starts a new ticket" switch (PATCH /workspace, with If-Match). */
export function NewSubjectForm(props: { workspace: SwitchWorkspace; onSaved: () => void }) {
  const t = text();
  return <WorkspaceSwitchForm field="newSubjectNewTicket" title={t.title} label={t.label} hint={t.hint} workspace={props.workspace} onSaved={props.onSaved} />;
}

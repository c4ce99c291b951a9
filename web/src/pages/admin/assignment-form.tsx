import { messages } from "../../i18n";
import { WorkspaceSwitchForm, type SwitchWorkspace } from "./workspace-switch-form";

const text = messages({
  en: {
    title: "Assignment",
    assignOnReply: "Replying to or solving an unassigned ticket assigns it to the agent",
    hint: "So reports credit the agent who answered. A ticket in a group is assigned only to a member of that group.",
  },
  "zh-CN": {
    title: "分配",
    assignOnReply: "客服回复或解决未分配的工单时，工单自动分配给该客服",
    hint: "这样报表会把工单记在答复的客服名下。属于某个分组的工单只会分配给该组成员。",
  },
});

/** The workspace's "assignment that sticks" switch (PATCH /workspace, with If-Match). */
export function AssignmentForm(props: { workspace: SwitchWorkspace; onSaved: () => void }) {
  const t = text();
  return <WorkspaceSwitchForm field="assignOnReply" title={t.title} label={t.assignOnReply} hint={t.hint} workspace={props.workspace} onSaved={props.onSaved} />;
}

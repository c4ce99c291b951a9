import { ApiError } from "../../api";
import { messages } from "../../i18n";
import { ConflictNotice } from "../../ui/conflict-notice";
import { useSubmit } from "../../ui/form";
import type { Ticket, TicketPatch } from "./agent-api";
import { useDirectory, type Directory } from "./directory";
import { label } from "./enum-labels";
import { saveTicket } from "./ticket-save";
import { changedFields, draftOf, type DraftField } from "./ticket-draft";

const text = messages({
  en: {
    title: "Someone else changed this ticket while you were editing it",
    field: (f: DraftField) => ({ status: "Status", priority: "Priority", type: "Type", assigneeId: "Assignee", groupId: "Group", tags: "Tags" })[f],
    nobody: "Unassigned",
    none: "none",
  },
  "zh-CN": {
    title: "您编辑期间，其他人修改了这个工单",
    field: (f: DraftField) => ({ status: "状态", priority: "优先级", type: "类型", assigneeId: "负责人", groupId: "组", tags: "标签" })[f],
    nobody: "未分配",
    none: "无",
  },
});

/** A property's name in the app's language ("Priority" / "优先级"). */
export const propertyName = (field: DraftField) => text().field(field);

/** A property's value as the agent reads it (names, not ids; labels in the app's language). */
function shown(field: DraftField, value: unknown, directory: Directory | null, t: ReturnType<typeof text>): string {
  if (field === "status" || field === "priority" || field === "type") return label(field, value as never);
  if (field === "assigneeId") return value ? (directory?.userName(value as string) ?? String(value)) : t.nobody;
  if (field === "groupId") return value ? (directory?.groupName(value as string) ?? String(value)) : t.none;
  const tags = Array.isArray(value) ? value.join(", ") : String(value ?? "");
  return tags || t.none;
}

/**
 * The conflict view: a save was refused because the ticket changed since it was read. Shows what
 * the other person changed and what the agent wanted, and lets them apply theirs on top (a new
 * If-Match) or drop it.
 */
export function TicketConflict(props: { read: Ticket; current: Ticket; mine: TicketPatch; onReapplied: (ticket: Ticket) => void; onDiscarded: () => void; onConflict?: (current: Ticket) => void }) {
  const t = text();
  const directory = useDirectory();
  const theirs = changedFields(props.read, props.current);
  const before = draftOf(props.read);
  const mine = Object.entries(props.mine) as [DraftField, unknown][];
  const reapply = useSubmit(
    () =>
      saveTicket(props.current, props.mine).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === "ticket_changed" && error.current) props.onConflict?.(error.current as Ticket);
        throw error;
      }),
    props.onReapplied,
  );
  return (
    <ConflictNotice
      title={t.title}
      theirs={theirs.map((field) => ({ field, label: t.field(field), before: shown(field, field === "tags" ? props.read.tags : before[field] || null, directory, t), after: shown(field, props.current[field], directory, t) }))}
      mine={mine.map(([field, value]) => ({ field, label: t.field(field), after: shown(field, value, directory, t) }))}
      busy={reapply.busy}
      error={reapply.error}
      onReapply={() => void reapply.submit()}
      onDiscard={props.onDiscarded}
    />
  );
}

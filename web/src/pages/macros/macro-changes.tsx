import { messages } from "../../i18n";
import { useDirectory, type Directory } from "../agent/directory";
import { label } from "../agent/enum-labels";
import { propertyName } from "../agent/ticket-conflict";
import type { DraftField } from "../agent/ticket-draft";
import type { FieldChange } from "./macro-api";
import { tagsDiff } from "./tags-diff";

const text = messages({
  en: { sep: ": ", nobody: "Unassigned", noGroup: "No group", added: (tags: string) => `+ ${tags}`, removed: (tags: string) => `− ${tags}` },
  "zh-CN": { sep: "：", nobody: "未分配", noGroup: "无分组", added: (tags: string) => `+ ${tags}`, removed: (tags: string) => `− ${tags}` },
});

function shown(field: string, value: string | null, directory: Directory | null, t: ReturnType<typeof text>): string {
  if (field === "status" || field === "priority" || field === "type") return value ? label(field, value) : "";
  if (field === "assigneeId") return value ? (directory?.userName(value) ?? value) : t.nobody;
  if (field === "groupId") return value ? (directory?.groupName(value) ?? value) : t.noGroup;
  return value ?? "";
}

/** A macro's field changes as the agent reads them: "Priority: Normal → High", "Tags: + refund". */
export function MacroChanges(props: { changes: readonly FieldChange[] }) {
  const t = text();
  const directory = useDirectory();
  return (
    <ul class="macro-changes">
      {props.changes.map((c) => {
        const name = propertyName(c.field as DraftField) ?? c.field;
        if (c.field === "tags") {
          const { added, removed } = tagsDiff(c);
          return (
            <li key={c.field} data-field="tags">
              {name}
              {t.sep}
              {[added.length ? t.added(added.join(", ")) : "", removed.length ? t.removed(removed.join(", ")) : ""].filter(Boolean).join("  ")}
            </li>
          );
        }
        return (
          <li key={c.field} data-field={c.field}>
            {name}
            {t.sep}
            {shown(c.field, c.from, directory, t)} → <strong>{shown(c.field, c.to, directory, t)}</strong>
          </li>
        );
      })}
    </ul>
  );
}

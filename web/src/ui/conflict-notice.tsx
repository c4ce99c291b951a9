import { messages } from "../i18n";

const text = messages({
  en: { theirs: "Their changes", mine: "Your changes (not saved)", reapply: "Apply my changes on top", discard: "Keep theirs, drop mine" },
  "zh-CN": { theirs: "对方的修改", mine: "您的修改（尚未保存）", reapply: "在其基础上应用我的修改", discard: "保留对方的，放弃我的" },
});

/** One line of the notice: a field's name, and its value before → after (theirs) or the value wanted (mine). */
export interface ConflictLine {
  field: string;
  label: string;
  before?: string;
  after: string;
}

/**
 * The conflict view of every form that saves with If-Match (tickets, customers, settings): a save
 * was refused because someone else changed the same thing since it was opened. Shows their
 * changes and the user's, and offers to apply the user's on top of theirs or to keep theirs.
 */
export function ConflictNotice(props: { title: string; theirs: ConflictLine[]; mine: ConflictLine[]; busy: boolean; error: string | null; onReapply: () => void; onDiscard: () => void }) {
  const t = text();
  return (
    <div class="notice warn conflict" role="alert">
      <strong>{props.title}</strong>
      <h3>{t.theirs}</h3>
      <ul>
        {props.theirs.map((line) => (
          <li key={line.field}>
            {line.label}: {line.before} → <strong>{line.after}</strong>
          </li>
        ))}
      </ul>
      <h3>{t.mine}</h3>
      <ul>
        {props.mine.map((line) => (
          <li key={line.field}>
            {line.label} → <strong>{line.after}</strong>
          </li>
        ))}
      </ul>
      <p class="row">
        <button type="button" disabled={props.busy} onClick={props.onReapply}>
          {t.reapply}
        </button>
        <button type="button" class="secondary" onClick={props.onDiscard}>
          {t.discard}
        </button>
        {props.error && <span class="field-error">{props.error}</span>}
      </p>
    </div>
  );
}

import { useEffect, useState } from "preact/hooks";
import { useDirectory } from "../pages/agent/directory";
import { session } from "../session";
import { applyMention, mentionChoices, mentionQuery, type MentionQuery } from "./mention-query";

/**
 * Typing `@` in a note offers the workspace's other active agents (from the directory): arrows to
 * choose, Enter or Tab (or a click) to insert `@Name `, Escape to close. Attaches to the
 * composer's textarea (found by `textareaId`); `onChange` gets the new text.
 */
export function MentionSuggestions(props: { textareaId: string; onChange: (text: string) => void }) {
  const directory = useDirectory();
  const [open, setOpen] = useState<{ mention: MentionQuery; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const me = session.value?.user.id;
  // Mentioning oneself tells nobody: only the others are offered.
  const agents = (directory?.users ?? []).filter((u) => u.active && u.id !== me);
  const choices = open ? mentionChoices(agents, open.mention.query) : [];
  const pick = (name: string) => {
    const area = document.getElementById(props.textareaId) as HTMLTextAreaElement | null;
    if (!area || !open) return;
    const next = applyMention(area.value, open.mention, open.caret, name);
    props.onChange(next.text);
    setOpen(null);
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(next.caret, next.caret);
    });
  };
  useEffect(() => {
    const area = document.getElementById(props.textareaId) as HTMLTextAreaElement | null;
    if (!area) return;
    const update = () => {
      const caret = area.selectionStart;
      const mention = area.selectionStart === area.selectionEnd ? mentionQuery(area.value, caret) : null;
      setOpen(mention ? { mention, caret } : null);
      setActive(0);
    };
    area.addEventListener("input", update);
    area.addEventListener("click", update);
    area.addEventListener("blur", () => setTimeout(() => setOpen(null), 150));
    return () => {
      area.removeEventListener("input", update);
      area.removeEventListener("click", update);
    };
  }, [props.textareaId]);
  useEffect(() => {
    const area = document.getElementById(props.textareaId) as HTMLTextAreaElement | null;
    if (!area || !choices.length) return;
    const keys = (e: KeyboardEvent) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") setActive((i) => (i + (e.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length);
      else if (e.key === "Enter" || e.key === "Tab") pick(choices[Math.min(active, choices.length - 1)]!.name);
      else if (e.key === "Escape") setOpen(null);
      else return;
      e.preventDefault();
    };
    area.addEventListener("keydown", keys);
    return () => area.removeEventListener("keydown", keys);
  });
  if (!choices.length) return null;
  return (
    <ul class="mention-suggestions" role="listbox">
      {choices.map((u, i) => (
        <li key={u.id} role="option" aria-selected={i === active} class={i === active ? "active" : undefined} onMouseDown={(e) => (e.preventDefault(), pick(u.name))}>
          <strong>{u.name}</strong> <span class="muted">{u.email}</span>
        </li>
      ))}
    </ul>
  );
}

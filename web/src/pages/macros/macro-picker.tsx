import { useState } from "preact/hooks";
import { SelectField } from "../../ui/choice-fields";
import { useSubmit } from "../../ui/form";
import { useResource } from "../../ui/state";
import { session } from "../../session";
import { applyMacro, loadMacros, previewMacro, type MacroApplied, type MacroPreview } from "./macro-api";
import { MacroChanges } from "./macro-changes";
import { macroText } from "./macro-words";
import "./macros.css";

/**
 * The composer's macro picker: the agent's macros and the shared ones, most used first. Choosing
 * one shows its preview — the text filled for this ticket and the field changes — and Apply then
 * changes the ticket and hands the text to the composer (it is not sent: the agent edits and sends it).
 */
export function MacroPicker(props: { ticketId: string; onApplied: (applied: MacroApplied, title: string) => void }) {
  const t = macroText();
  const macros = useResource(loadMacros, []);
  const [chosen, setChosen] = useState("");
  const [preview, setPreview] = useState<MacroPreview | null>(null);
  const items = macros.data?.items ?? [];
  const title = items.find((m) => m.id === chosen)?.title ?? "";
  const look = useSubmit(() => previewMacro(props.ticketId, chosen), setPreview);
  const apply = useSubmit(
    () => applyMacro(props.ticketId, chosen),
    (applied) => {
      props.onApplied(applied, title);
      setPreview(null);
      setChosen("");
      macros.reload(); // the order follows the usage counts
    },
  );
  const close = () => setPreview(null);
  if (items.length === 0) return null;
  const me = session.value?.user.id;
  const options = [["", t.pick] as const, ...items.map((m) => [m.id, m.ownerId === me ? t.mine(m.title) : m.title] as const)];
  return (
    <div class="macro-picker">
      <div class="row">
        <SelectField label={t.picker} value={chosen} options={options} onChange={(id) => (setChosen(id), setPreview(null))} error={look.error ?? undefined} />
        <button type="button" disabled={!chosen || look.busy} onClick={() => void look.submit()}>
          {look.busy ? t.previewing : t.preview}
        </button>
      </div>
      {preview && (
        <section class="macro-preview panel" role="dialog" aria-label={t.previewTitle(title)}>
          <h3>{t.previewTitle(title)}</h3>
          <h4>{t.previewText}</h4>
          {preview.text ? <pre class="macro-preview-text">{preview.text}</pre> : <p class="muted">{t.previewNoText}</p>}
          <h4>{t.previewChanges}</h4>
          {preview.changes.length ? <MacroChanges changes={preview.changes} /> : <p class="muted">{t.previewNoChanges}</p>}
          {apply.error && (
            <p class="notice error" role="alert">
              {apply.error}
            </p>
          )}
          <div class="row">
            <button type="button" class="primary" disabled={apply.busy} onClick={() => void apply.submit()}>
              {apply.busy ? t.applying : t.apply}
            </button>
            <button type="button" onClick={close}>
              {t.cancel}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

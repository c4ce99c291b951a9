import { useState } from "preact/hooks";
import { useResource } from "../../ui/state";
import { loadMacros } from "./macro-api";
import { macroText } from "./macro-words";

/**
 * The bulk bar's macro: one of the agent's macros that changes fields (its text is not used in
 * bulk), applied to the selected tickets with the bar's usual outcome and Undo.
 */
export function BulkMacro(props: { busy: boolean; onApply: (macroId: string) => void }) {
  const t = macroText();
  const macros = useResource(loadMacros, []);
  const [chosen, setChosen] = useState("");
  const usable = (macros.data?.items ?? []).filter((m) => m.actions.length > 0);
  if (usable.length === 0) return null;
  return (
    <div class="bulk-macro row">
      <label class="bulk-field">
        <span>{t.bulkMacro}</span>
        <select name="macroId" value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
          <option value="">{t.bulkPick}</option>
          {usable.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!chosen || props.busy}
        onClick={() => {
          props.onApply(chosen);
          setChosen("");
        }}
      >
        {t.bulkApply}
      </button>
    </div>
  );
}

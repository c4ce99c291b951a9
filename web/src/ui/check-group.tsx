/** Several choices out of a fixed list, as checkboxes in a fieldset (keyboard and screen-reader friendly). */
export function CheckGroup<V extends string>(props: {
  legend: string;
  options: readonly V[];
  labelOf: (value: V) => string;
  value: readonly V[];
  onChange: (next: V[]) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const toggle = (option: V, on: boolean) => props.onChange(on ? props.options.filter((o) => o === option || props.value.includes(o)) : props.value.filter((v) => v !== option));
  return (
    <fieldset class={`check-group${props.error ? " invalid" : ""}`}>
      <legend>{props.legend}</legend>
      {props.hint && <small class="hint">{props.hint}</small>}
      <div class="check-options">
        {props.options.map((option) => (
          <label key={option}>
            <input type="checkbox" checked={props.value.includes(option)} onChange={(e) => toggle(option, e.currentTarget.checked)} /> {props.labelOf(option)}
          </label>
        ))}
      </div>
      {props.error && (
        <small class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </fieldset>
  );
}

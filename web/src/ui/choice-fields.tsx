import { Field } from "./form";

/** A labelled select; `options` are [value, label] pairs. */
export function SelectField<V extends string>(props: {
  label: string;
  value: V;
  options: readonly (readonly [V, string])[];
  onChange: (value: V) => void;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {(id, describedBy) => (
        <select id={id} value={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} onChange={(e) => props.onChange(e.currentTarget.value as V)}>
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled checkbox with an optional hint. */
export function CheckboxField(props: { label: string; checked: boolean; onChange: (checked: boolean) => void; hint?: string; error?: string | undefined }) {
  return (
    <div class={`field checkbox-field${props.error ? " invalid" : ""}`}>
      <label>
        <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} /> {props.label}
      </label>
      {props.hint && <small class="hint">{props.hint}</small>}
      {props.error && (
        <small class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

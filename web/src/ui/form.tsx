import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../api";
import { uiText } from "./text";

/** Submitting a form: busy while it runs, field errors next to their fields, the rest on top. */
export function useSubmit<T>(action: () => Promise<T>, onDone?: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const submit = async (event?: Event) => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const result = await action(); // not inside `onDone?.(…)`: without onDone that would skip the action
      onDone?.(result);
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fields).length) setFields(caught.fields);
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fields, submit };
}

let nextId = 0;

/** A labelled control with its error underneath (linked for screen readers). */
export function Field(props: { label: string; error?: string | undefined; hint?: string; children: (id: string, describedBy: string | undefined) => ComponentChildren }) {
  const [id] = useState(() => `f${++nextId}`);
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div class={`field${props.error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      {props.children(id, describedBy)}
      {props.hint && !props.error && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={`${id}-error`} class="field-error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** A text input bound to a value. */
export function TextField(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: "text" | "email" | "password" | "url" | "number" | "search" | "date" | "time" | "datetime-local";
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {(id, describedBy) => (
        <input
          id={id}
          type={props.type ?? "text"}
          value={props.value}
          required={props.required}
          autoComplete={props.autoComplete}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** The form-level error (what no single field explains) and the submit button. */
export function FormFooter(props: { busy: boolean; error: string | null; label?: string; children?: ComponentChildren }) {
  const t = uiText();
  return (
    <div class="form-footer">
      {props.error && (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      )}
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? t.saving : (props.label ?? t.save)}
      </button>
      {props.children}
    </div>
  );
}

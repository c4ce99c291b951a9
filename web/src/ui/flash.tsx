import { useEffect, useRef, useState } from "preact/hooks";

/** A short success message ("Saved.") that fades after a few seconds. */
export function useFlash(ms = 4000) {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const show = (next: string) => {
    setMessage(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(null), ms);
  };
  return { message, show };
}

/** Where a flash message is announced (role=status, so screen readers read it). */
export function Flash(props: { message: string | null }) {
  return (
    <span class="flash" role="status">
      {props.message && <span class="notice ok">{props.message}</span>}
    </span>
  );
}

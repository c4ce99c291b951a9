import { useEffect, useState } from "preact/hooks";

/**
 * What an agent is writing on a ticket, kept in this browser across reloads until it is sent
 * (localStorage, one entry per person and ticket; gone when sent or emptied). Storage that is
 * full or switched off only means the draft is not kept.
 */
export const draftKey = (userId: string, ticketId: string) => `kefu.draft.${userId}.${ticketId}`;

function read(key: string): string {
  try {
    return localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function write(key: string, body: string) {
  try {
    if (body.trim()) localStorage.setItem(key, body);
    else localStorage.removeItem(key);
  } catch {
    // not kept; the text is still in the page
  }
}

/** The message body of the composer, kept per person and ticket. */
export function useComposerDraft(userId: string, ticketId: string) {
  const key = draftKey(userId, ticketId);
  const [body, setBody] = useState(() => read(key));
  useEffect(() => setBody(read(key)), [key]);
  const update = (next: string | ((before: string) => string)) =>
    setBody((before) => {
      const value = typeof next === "function" ? next(before) : next;
      write(key, value);
      return value;
    });
  return [body, update] as const;
}

/** `text` put into `value` where the cursor is (replacing any selection), and where the cursor goes after it. */
export function insertAt(value: string, text: string, start: number, end: number): { value: string; cursor: number } {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before && !before.endsWith("\n") ? "\n" : "";
  return { value: `${before}${lead}${text}${after}`, cursor: before.length + lead.length + text.length };
}

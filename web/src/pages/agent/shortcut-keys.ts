/**
 * Keyboard shortcuts of the agent workspace, as one pure decision: which action a key press
 * means on a page. Nothing fires while the person types in a field (except Escape, which leaves
 * the field), nor with Ctrl, Alt or ⌘ held (the browser's and the system's own shortcuts).
 */
export type ShortcutPage = "list" | "ticket";
export type ShortcutAction = "search" | "next" | "previous" | "open" | "reply" | "note" | "assignMe" | "solve" | "help" | "leave";

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** The press happened in a text field, a select or an editable element. */
  inField: boolean;
  /** A link or button has focus: Enter is theirs (it follows the link, presses the button). */
  onControl?: boolean;
}

/** Every shortcut, for the help panel and the decision: keys, the action, the pages it works on. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: Exclude<ShortcutAction, "leave">; pages: readonly ShortcutPage[] }[] = [
  { keys: ["/"], action: "search", pages: ["list"] },
  { keys: ["j"], action: "next", pages: ["list"] },
  { keys: ["k"], action: "previous", pages: ["list"] },
  { keys: ["o", "Enter"], action: "open", pages: ["list"] },
  { keys: ["r"], action: "reply", pages: ["ticket"] },
  { keys: ["n"], action: "note", pages: ["ticket"] },
  { keys: ["a"], action: "assignMe", pages: ["ticket"] },
  { keys: ["e"], action: "solve", pages: ["ticket"] },
  { keys: ["?"], action: "help", pages: ["list", "ticket"] },
];

export function shortcutFor(press: KeyPress, page: ShortcutPage): ShortcutAction | null {
  if (press.ctrlKey || press.altKey || press.metaKey) return null;
  if (press.inField) return press.key === "Escape" ? "leave" : null;
  if (press.onControl && press.key === "Enter") return null;
  return SHORTCUTS.find((s) => s.pages.includes(page) && s.keys.includes(press.key))?.action ?? null;
}

/** Whether an element takes typing: text inputs, text areas, selects, editable content. */
export function isField(element: { tagName: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  return tag === "INPUT" && !["checkbox", "radio", "button", "submit", "reset", "file", "range", "color"].includes((element.type ?? "text").toLowerCase());
}

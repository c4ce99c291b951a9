import { decodeHTML } from "entities/decode";

/** Decode character references until nothing changes (stricter than a browser, which decodes once). */
export function decodeFully(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = decodeHTML(current);
  } while (current !== previous);
  return current;
}

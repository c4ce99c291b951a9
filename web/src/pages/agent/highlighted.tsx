import { highlightParts } from "./search-highlight";

/** A text with a search's words marked (`<mark>`); as-is when there is no search. */
export function Highlighted(props: { text: string; words?: string[] }) {
  if (!props.words?.length) return <>{props.text}</>;
  return <>{highlightParts(props.text, props.words).map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>;
}

/** A row's edits of the list it is in: replace it with the next value, or remove it (the list is not changed in place). */
export const rowEdits = <T>(list: readonly T[], index: number, onChange: (next: T[]) => void) => ({
  onChange: (next: T) => onChange(list.map((item, i) => (i === index ? next : item))),
  onRemove: () => onChange(list.filter((_, i) => i !== index)),
});

/** The title with the number of tickets changed by others while the tab was hidden: "(3) Kefu"; no number for 0. */
export function titleWithCount(title: string, count: number): string {
  const base = title.replace(/^\(\d+\) /, "");
  return count > 0 ? `(${count}) ${base}` : base;
}

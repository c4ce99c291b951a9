/** Addresses typed into a field: split on commas, semicolons and spaces (both widths), lower case, each once. */
export const addressesIn = (typed: string): string[] => [
  ...new Set(
    typed
      .split(/[\s,;，；]+/)
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean),
  ),
];

/** Decode character references until nothing changes (stricter than a browser, which decodes once). */
export function decodeFully(text: string): string {
  const named: Record<string, string> = {
    colon: ":", Tab: "\t", NewLine: "\n", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", lpar: "(", rpar: ")",
    sol: "/", bsol: "\\", semi: ";", nbsp: " ", period: ".", comma: ",", excl: "!", num: "#",
  };
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(/&(?:#[xX]([0-9a-fA-F]+)|#(\d+)|([A-Za-z]+));?/g, (match, hex, dec, name) => {
      if (hex !== undefined || dec !== undefined) {
        const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec, 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
      }
      return named[name as string] ?? match;
    });
  } while (current !== previous);
  return current;
}

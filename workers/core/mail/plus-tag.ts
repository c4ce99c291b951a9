/**
 * `a+tag@x` → `a@x`: from the first `+` that an `@` follows, up to that `@`. A scan: the regex
 * /\+[^@]*@/ retried a long run of `+` from each of them, quadratically (a hostile Cc).
 */
export function droppingPlusTag(address: string): string {
  const plus = address.indexOf("+");
  const at = plus < 0 ? -1 : address.indexOf("@", plus);
  return at < 0 ? address : address.slice(0, plus) + address.slice(at);
}

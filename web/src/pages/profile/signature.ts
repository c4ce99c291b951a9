/**
 * A reply with the agent's signature under it, after the usual separator line ("-- ", RFC 3676),
 * so mail clients and Kefu's own quote stripping know where the signature starts. What the
 * composer shows is what is sent: no signature is added anywhere else.
 */
export function signed(body: string, signature: string): string {
  const sig = signature.trim();
  return sig ? `${body.trimEnd()}\n\n-- \n${sig}` : body;
}

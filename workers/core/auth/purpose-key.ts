/**
 * HMAC-SHA-256(secret, purpose): a signing key of its own for one kind of link, derived from the
 * Worker's secret, so a link of one kind (a survey link, a file link) is never valid as another
 * nor as a session token.
 */
export async function purposeKey(secret: string, purpose: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const hmac = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", hmac, encoder.encode(purpose)));
}

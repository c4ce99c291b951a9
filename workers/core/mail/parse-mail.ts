import PostalMime, { type Address, type Email } from "postal-mime";
import { boundarylessBodyAsText } from "./boundaryless-multipart";
import { normalizedHeaders } from "./raw-headers";
import { isWhiteSpace, trimEndWhere, trimStartWhere } from "../trim-runs";

/**
 * The MIME parse Kefu uses for inbound mail: postal-mime over the raw message whose header
 * blocks were first made readable (raw-headers.ts: lenient folds, 8-bit bytes and misdeclared
 * encoded-words decoded by one rule, commas in encoded display names kept), then display names
 * cleaned of the stray `<` `>` a malformed mailbox leaves in them. A message declared multipart
 * without a boundary, in which the parser finds nothing, has its body read as text/plain
 * (boundaryless-multipart.ts).
 */
export async function parseMail(raw: Uint8Array): Promise<Email> {
  const readable = normalizedHeaders(raw);
  const parsed = await PostalMime.parse(readable);
  const found = Boolean(parsed.text?.length || parsed.html?.length || parsed.attachments.length);
  const asText = found ? null : boundarylessBodyAsText(parsed, readable);
  const email = asText ? { ...parsed, text: (await PostalMime.parse(asText)).text } : parsed;
  const list = (addresses: Address[] | undefined) => addresses?.map(cleanAddress);
  return {
    ...email,
    ...(email.from ? { from: cleanAddress(email.from) } : {}),
    ...(email.sender ? { sender: cleanAddress(email.sender) } : {}),
    ...(email.to ? { to: list(email.to) } : {}),
    ...(email.cc ? { cc: list(email.cc) } : {}),
    ...(email.replyTo ? { replyTo: list(email.replyTo) } : {}),
  };
}

/**
 * A mailbox's display name without the angle brackets and whitespace a malformed header
 * leaves at its ends: `Hans Müller hans@example.de>` parses as the address and the name
 * "Hans Müller >", `"Hans" <hans@example.de>>` as "Hans>".
 */
export function cleanDisplayName(name: string): string {
  const stray = (char: string) => char === "<" || char === ">" || isWhiteSpace(char);
  return trimStartWhere(trimEndWhere(name, stray), stray);
}

function cleanAddress(address: Address): Address {
  return address.group ? { ...address, name: cleanDisplayName(address.name), group: address.group.map((m) => ({ ...m, name: cleanDisplayName(m.name) })) } : { ...address, name: cleanDisplayName(address.name) };
}

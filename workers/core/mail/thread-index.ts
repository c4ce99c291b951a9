/**
 * Outlook's conversation threading ([MS-OXOMSG] 2.2.1.3 PidTagConversationIndex, sent as the
 * `Thread-Index` header, base64): a 22-byte header — a reserved byte 0x01, the five high-order
 * bytes of a FILETIME (big-endian), a 16-byte GUID — then a 5-byte block per reply. Every
 * message of one conversation starts with the same 22 bytes: that header is the conversation
 * key. Outlook and Exchange keep it when a reply drops References/In-Reply-To.
 */

/** Bytes in a Thread-Index header (the conversation key). */
const HEADER_BYTES = 22;

/** The conversation key of a Thread-Index value (base64 of its 22-byte header), or null when it is not one. */
export function conversationKey(threadIndex: string | null | undefined): string | null {
  const text = threadIndex?.replace(/\s+/g, "");
  if (!text || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  let bytes: string;
  try {
    bytes = atob(text);
  } catch {
    return null;
  }
  // The header, then whole 5-byte reply blocks; anything else is not a Thread-Index.
  if (bytes.length < HEADER_BYTES || (bytes.length - HEADER_BYTES) % 5 !== 0) return null;
  return btoa(bytes.slice(0, HEADER_BYTES));
}

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
/** 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01, in milliseconds. */
const FILETIME_EPOCH_MS = 11_644_473_600_000n;

/**
 * The Thread-Index header Kefu sends on a ticket's mail, the same on every message of the
 * ticket: derived from the ticket's id (`newId`: 48 bits of milliseconds and 80 random bits in
 * Crockford base32), so nothing has to be stored to send it. The FILETIME is the id's time; the
 * GUID is the id's 128 bits (time and random), so two tickets never share one. An id of another
 * shape (tests, imports) folds its characters into the GUID instead.
 */
export function ticketThreadIndex(ticketId: string): string {
  const suffix = ticketId.slice(ticketId.indexOf("_") + 1).toLowerCase();
  const crockford = /^[0-9a-hjkmnp-tv-z]{26}$/.test(suffix);
  const value = crockford ? [...suffix].reduce((n, c) => n * 32n + BigInt(CROCKFORD.indexOf(c)), 0n) : null;
  const guid = new Uint8Array(16);
  if (value !== null) for (let i = 15, v = value; i >= 0; i--, v >>= 8n) guid[i] = Number(v & 0xffn);
  else for (const [i, code] of [...new TextEncoder().encode(ticketId)].entries()) guid[i % 16] = (guid[i % 16]! * 31 + code + i) & 0xff;
  const ms = value !== null ? value >> 80n : 0n;
  const filetime = (ms + FILETIME_EPOCH_MS) * 10_000n;
  const header = new Uint8Array(HEADER_BYTES);
  header[0] = 0x01;
  // The five high-order bytes of the 8-byte FILETIME.
  for (let i = 0; i < 5; i++) header[1 + i] = Number((filetime >> BigInt(56 - 8 * i)) & 0xffn);
  header.set(guid, 6);
  return btoa(String.fromCharCode(...header));
}

/** At most this many addresses on a reply's Cc and Bcc together (Cloudflare sends to 50 recipients a message). */
export const MAX_COPY_RECIPIENTS = 20;

/**
 * Who a public reply is copied to, from what the agent asked: addresses compared without case,
 * each once; never the requester (already the To) nor the workspace's own address (the copy
 * would come back in as a new message); an address both copied and blind-copied is only copied
 * (a Bcc that also shows in Cc is no secret). Addresses arrive validated (the API's schema).
 */
export function copyRecipients(input: { to: string | null; from: string; cc?: readonly string[]; bcc?: readonly string[] }): { cc: string[]; bcc: string[] } {
  const excluded = new Set([input.to, input.from].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase()));
  const pick = (list: readonly string[] | undefined) => {
    const kept: string[] = [];
    for (const address of list ?? []) {
      const key = address.trim().toLowerCase();
      if (!key || excluded.has(key)) continue;
      excluded.add(key);
      kept.push(key);
    }
    return kept;
  };
  const cc = pick(input.cc);
  return { cc, bcc: pick(input.bcc) };
}

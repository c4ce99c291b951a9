/** How people write a ticket: `#1234`. */
export const formatTicketRef = (number: number | string) => `#${number}`;

const REPLY_PREFIX = /^\s*((re|fwd?|aw|wg|sv|antw|回复|答复|转发)\s*[:：]\s*)+/i;
/**
 * A ticket tag with the white space around it; or a run of white space, kept as it is (so that a
 * long run not followed by a tag is passed over once, not retried from each of its characters).
 */
const REF_TAG_OR_SPACE = /\s*\[#\d+\]\s*|\s+/g;

/** A subject without its reply/forward prefixes and ticket tags. */
export const bareSubject = (subject: string) => subject.replace(REF_TAG_OR_SPACE, (match) => (match.includes("[") ? " " : match)).replace(REPLY_PREFIX, "").trim();

/**
 * The subject of a reply about a ticket: `Re: [#1234] <original subject>`. Existing reply
 * prefixes and ticket tags are dropped first, so subjects never pile up `Re: Re: [#1] [#1]`.
 */
export function replySubject(subject: string, number: number): string {
  const bare = bareSubject(subject);
  return `Re: [${formatTicketRef(number)}] ${bare}`.trimEnd();
}

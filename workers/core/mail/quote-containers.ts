/**
 * How mail clients mark quoted history in HTML, as data: the classes and ids of their quote
 * containers and where Outlook's history begins. quoted-history.ts looks for them.
 */

/** Class-name fragments of quote containers (clients prefix them when re-quoting: x_gmail_quote, ydp…yahoo_quoted). */
export const QUOTE_CLASSES: readonly string[] = [
  "gmail_quote", // Gmail
  "yahoo_quoted", // Yahoo
  "moz-cite-prefix", // Thunderbird attribution line
  "moz-forward-container", // Thunderbird forward
  "protonmail_quote", // Proton Mail
  "tutanota_quote", // Tuta
  "zmail_extra", // Zoho
];

/** Ids of quote containers: NetEase/QQ/Foxmail, 139 Mail, Sina, new Outlook for Mac, Yahoo. */
export const QUOTE_IDS =
  /^(?:x_)*(?:isReplyContent|isForwardContent|reply139content|origbody|oriMsgHtmlSeperator|mail-editor-reference-message-container|yahoo_quoted(?:_\w+)?)$/i;

/** Apple Mail, Thunderbird: <blockquote type="cite"> (also used for inline answers). */
export const CITE_BLOCKQUOTE = { tag: "blockquote", type: "cite" } as const;

/** Ids and classes where Outlook's history begins; it runs to the end of the parent element. */
export const OUTLOOK_START_IDS = /^(?:x_)*(?:appendonsend|divRplyFwdMsg|stopSpelling|replySplit)$/i;
export const OUTLOOK_START_CLASS = "outlookmessageheader";

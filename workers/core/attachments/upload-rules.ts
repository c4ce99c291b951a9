import { isWhiteSpace, trimEndWhere } from "../trim-runs";

/**
 * What an agent may attach to a reply or note, and how a reply's files travel: the pure rules.
 * See docs/email.md "Attachments on replies and notes".
 */

/** One uploaded file larger than this is refused (413 `file_too_large`). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Files one reply or note may carry (422 `too_many_files`). */
export const MAX_FILES_PER_MESSAGE = 10;
/**
 * Files are attached to the email, in order, while their total stays within this; the rest go
 * as download links. Base64 makes 3 MiB about 4 MiB, under Cloudflare Email Service's 5 MiB per
 * message with room for the text.
 */
export const MAIL_ATTACH_TOTAL_BYTES = 3 * 1024 * 1024;
/** An upload never sent is deleted (row and file) this long after it was made. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** How long a download link in a reply email works. */
export const FILE_LINK_TTL_DAYS = 30;

/** The codes an upload or a message's files can be refused with; worded in both languages in web/src/problem-text.ts. */
export const ATTACHMENT_ERROR_CODES = ["file_too_large", "file_type_not_allowed", "file_empty", "too_many_files", "unknown_upload", "file_link_invalid"] as const;
export type AttachmentErrorCode = (typeof ATTACHMENT_ERROR_CODES)[number];

/**
 * Extensions refused whatever the declared type: programs, scripts and installers a mail client
 * or the customer's system could run (the list mail providers block). Matched on the last
 * extension, case-insensitively.
 */
export const BLOCKED_EXTENSIONS: ReadonlySet<string> = new Set([
  "ade", "adp", "apk", "app", "appx", "bat", "cab", "chm", "cmd", "com", "cpl", "dll", "dmg", "exe", "hta", "ins", "isp", "iso",
  "jar", "js", "jse", "lib", "lnk", "mde", "msc", "msi", "msix", "msp", "mst", "nsh", "pif", "ps1", "psm1", "reg", "scr", "sct",
  "sh", "shb", "sys", "vb", "vbe", "vbs", "vxd", "wsc", "wsf", "wsh", "xll",
]);

/** Declared types refused whatever the name says. */
const BLOCKED_TYPES: ReadonlySet<string> = new Set([
  "application/x-msdownload",
  "application/x-msdos-program",
  "application/x-ms-installer",
  "application/x-msi",
  "application/vnd.microsoft.portable-executable",
  "application/x-executable",
  "application/x-sh",
  "application/x-bat",
  "application/java-archive",
  "application/vnd.android.package-archive",
  "text/javascript",
  "application/javascript",
]);

export interface UploadFacts {
  filename: string;
  contentType: string;
  size: number;
}

/** Why a file cannot be uploaded, or null when it can. */
export function refusedUpload(file: UploadFacts, maxBytes = MAX_UPLOAD_BYTES): AttachmentErrorCode | null {
  if (file.size > maxBytes) return "file_too_large";
  if (file.size === 0) return "file_empty";
  if (blockedName(file.filename) || BLOCKED_TYPES.has(mediaType(file.contentType))) return "file_type_not_allowed";
  return null;
}

const blockedName = (filename: string) => {
  // Trailing dots and spaces are dropped by Windows, so "x.exe." is "x.exe".
  const name = trimEndWhere(filename, (char) => char === "." || isWhiteSpace(char));
  const dot = name.lastIndexOf(".");
  return dot >= 0 && BLOCKED_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
};

/** `Text/Plain; charset=utf-8` → `text/plain`. */
export const mediaType = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

/**
 * A file name safe to store and put in a header: the last path segment, no control characters,
 * at most 200 characters (keeping the extension), never empty.
 */
export function cleanFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop()!.replace(/[\x00-\x1f\x7f]/g, "").trim();
  if (!base || base === "." || base === "..") return "file";
  if (base.length <= 200) return base;
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : "";
  return base.slice(0, 200 - ext.length) + ext;
}

/**
 * Which of a reply's files go with the email as parts and which as download links: in order,
 * each is attached while the attached total stays within `limit`; any that would pass it is
 * linked (a later, smaller one may still be attached).
 */
export function planMailFiles(sizes: readonly number[], limit = MAIL_ATTACH_TOTAL_BYTES): ("attach" | "link")[] {
  let total = 0;
  return sizes.map((size) => {
    if (total + size > limit) return "link";
    total += size;
    return "attach";
  });
}

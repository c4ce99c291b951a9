/**
 * Automatic mail: whether an inbound message was written by a machine (auto-reply, bounce,
 * mailing list, our own loop) and so must never get an automatic answer, and whether it is a
 * bounce (a delivery-status notification about a message we sent). Pure: no I/O.
 *
 * The rules are the union of docs/email-handling ("Automatic mail that must never get an
 * automatic answer") and the shared email corpus' signal list; `bounce` is the corpus'
 * `is_bounce` subset. Each rule is a small named predicate listed once in RULES (FreeScout and
 * osTicket keep theirs the same way), so adding a rule is one line.
 */
import type { Email } from "postal-mime";

export interface MailHeader {
  key: string;
  value: string;
}

export interface AutoMailInput {
  /** Top-level headers of the message (postal-mime's `email.headers`). */
  headers: MailHeader[];
  /** SMTP MAIL FROM ("" or "<>" for a null sender). */
  envelopeFrom: string;
  /** First From: address (null: the rules read the From header itself, see fromHeaderMailbox). */
  fromAddress: string | null;
  /** MIME types of every part, plus the top-level Content-Type (parameters are allowed and read). */
  partTypes: string[];
  /** The workspace's own support addresses: mail FROM one of them is an own loop. */
  ownAddresses: string[];
  /** The value Kefu puts in X-Loop on its own outbound mail: X-Loop naming it is an own loop. */
  loopMarker: string;
}

export interface AutoMailVerdict {
  automatic: boolean;
  bounce: boolean;
  /** Short names of every rule that fired, in RULES order. */
  signals: string[];
}

/** A header value split RFC 2045-style: lower-case token, then `; name=value` parameters. */
export interface StructuredValue {
  value: string;
  params: Record<string, string>;
}

/** Removes RFC 5322 comments (nested, with quoted-pairs), leaving quoted strings alone. */
export function stripComments(text: string): string {
  let out = "";
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && (quoted || depth > 0)) {
      if (depth === 0) out += c + (text[i + 1] ?? "");
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === "(") {
      depth++;
    } else if (c === ")" && depth > 0) {
      depth--;
    } else if (depth === 0) {
      if (c === '"') quoted = true;
      out += c;
    }
  }
  return out;
}

/** Splits on `sep` outside quoted strings. */
function splitUnquoted(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quoted) {
      current += c + (text[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === sep && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

const unquote = (text: string) => {
  const t = text.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/\\(.)/g, "$1") : t;
};

/** `auto-replied; owner-email="a@b" (comment)` → `{ value: "auto-replied", params: { "owner-email": "a@b" } }`. */
export function parseStructuredValue(raw: string): StructuredValue {
  const [first = "", ...rest] = splitUnquoted(stripComments(raw), ";");
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    if (name) params[name] = unquote(param.slice(eq + 1));
  }
  return { value: first.trim().toLowerCase(), params };
}

/** Lower-case tokens of a list-like value (`OOF, AutoReply`, `yes`, `<kefu@x>`). */
const tokens = (value: string) =>
  stripComments(value)
    .toLowerCase()
    .split(/[\s,;<>"]+/)
    .filter(Boolean);

/** The local part of an address (quotes and angle brackets removed), lower-case. */
export function localPart(address: string): string {
  const bare = address.trim().replace(/^<|>$/g, "").trim();
  const at = bare.lastIndexOf("@");
  return unquote(at < 0 ? bare : bare.slice(0, at)).toLowerCase();
}

/**
 * The mailbox a From header value names: the `<…>` part, else the whole value when it is a single
 * word. Bounces often carry a domainless `From: MAILER-DAEMON` (not RFC 5322, so parsers read the
 * word as a display name and report no address); the rules still need to see it. Null for `<>`,
 * an empty value, or a display name without an address.
 */
export function fromHeaderMailbox(value: string): string | null {
  const clean = stripComments(value).trim();
  const angle = /<([^<>]*)>/.exec(clean);
  const mailbox = (angle ? angle[1]! : clean).trim();
  return mailbox && !/[\s,;:"]/.test(mailbox) ? mailbox : null;
}

/** `a+tag@x` → `a@x`, lower-case. */
const withoutTag = (address: string) => {
  const lower = address.trim().replace(/^<|>$/g, "").toLowerCase();
  const at = lower.lastIndexOf("@");
  if (at < 0) return lower;
  return lower.slice(0, at).replace(/\+.*$/, "") + lower.slice(at);
};

/** What the rules read, computed once per message. */
export interface MailFacts {
  /** Trimmed values of every header with that (lower-case) name, in order. */
  header(name: string): string[];
  envelopeFrom: string;
  fromAddress: string | null;
  /** Every part type and the top-level Content-Type, parsed. */
  parts: StructuredValue[];
  ownAddresses: Set<string>;
  loopMarker: string;
}

function factsOf(input: AutoMailInput): MailFacts {
  const byName = new Map<string, string[]>();
  for (const { key, value } of input.headers) {
    const name = key.trim().toLowerCase();
    const values = byName.get(name) ?? [];
    values.push(value.trim());
    byName.set(name, values);
  }
  const topLevel = byName.get("content-type") ?? [];
  return {
    header: (name) => byName.get(name) ?? [],
    envelopeFrom: input.envelopeFrom.trim(),
    fromAddress: input.fromAddress?.trim() || fromHeaderMailbox(byName.get("from")?.[0] ?? ""),
    parts: [...input.partTypes, ...topLevel].map(parseStructuredValue),
    ownAddresses: new Set(input.ownAddresses.map(withoutTag)),
    loopMarker: input.loopMarker.trim().toLowerCase(),
  };
}

// ---------------------------------------------------------------------------------------------
// The rules. Each returns false (did not fire), true (fired) or a detail string (fired; the
// signal becomes `<name>:<detail>`).

type Fired = boolean | string;

/** RFC 3834: any value but `no` (parameters and comments ignored; an empty value counts). */
const autoSubmitted = (m: MailFacts): Fired => m.header("auto-submitted").some((v) => parseStructuredValue(v).value !== "no");

/** Any header with this name, whatever its value. */
const present =
  (name: string) =>
  (m: MailFacts): Fired =>
    m.header(name).length > 0;

const SUPPRESS = new Set(["all", "dr", "autoreply", "oof"]);
/** Exchange's X-Auto-Response-Suppress naming All, DR, AutoReply or OOF. */
const autoResponseSuppress = (m: MailFacts): Fired => m.header("x-auto-response-suppress").some((v) => tokens(v).some((t) => SUPPRESS.has(t)));

/** X-Loop naming this system (the loop marker), or the generic `yes` / `true`. */
const xLoop = (m: MailFacts): Fired =>
  m.header("x-loop").some((v) => {
    const ts = tokens(v);
    return ts.includes("yes") || ts.includes("true") || (m.loopMarker !== "" && (ts.includes(m.loopMarker) || v.toLowerCase() === m.loopMarker));
  });

const PRECEDENCE = new Set(["bulk", "junk", "list", "auto_reply", "auto-reply"]);
/** Precedence or X-Precedence of bulk, junk, list or auto_reply; the detail is the value. */
const precedence = (m: MailFacts): Fired => {
  for (const v of [...m.header("precedence"), ...m.header("x-precedence")]) {
    const value = parseStructuredValue(v).value;
    if (PRECEDENCE.has(value)) return value;
  }
  return false;
};

const isNullReturnPath = (path: string) => /^<\s*>$/.test(stripComments(path).trim());
/** An empty or `<>` envelope sender: also how a missing address is skipped below. */
const isNullPath = (path: string) => path.trim() === "" || isNullReturnPath(path);
/** A null envelope sender (`MAIL FROM:<>`), or a `Return-Path: <>` header. */
const nullSender = (m: MailFacts): Fired => isNullPath(m.envelopeFrom) || m.header("return-path").some(isNullReturnPath);

const SYSTEM_SENDERS = new Set(["mailer-daemon", "postmaster"]);
/** From (or the envelope sender) with local part mailer-daemon or postmaster. */
const mailerDaemon = (m: MailFacts): Fired =>
  [m.fromAddress, m.envelopeFrom].some((a) => a !== null && !isNullPath(a) && SYSTEM_SENDERS.has(localPart(a)));

/** Content-Type multipart/report, any report-type (bounces, read receipts, abuse reports). */
const multipartReport = (m: MailFacts): Fired => m.parts.some((p) => p.value === "multipart/report");

/** multipart/report; report-type=delivery-status: a delivery-status notification. */
const deliveryStatusReport = (m: MailFacts): Fired =>
  m.parts.some((p) => p.value === "multipart/report" && p.params["report-type"]?.trim().toLowerCase() === "delivery-status");

/** A message/delivery-status part (RFC 3464), or its internationalised form (RFC 6533). */
const deliveryStatusPart = (m: MailFacts): Fired => m.parts.some((p) => p.value === "message/delivery-status" || p.value === "message/global-delivery-status");

/** From (or the envelope sender) is one of the workspace's own addresses, `+tag`s ignored. */
const ownAddress = (m: MailFacts): Fired =>
  [m.fromAddress, m.envelopeFrom].some((a) => a !== null && !isNullPath(a) && m.ownAddresses.has(withoutTag(a)));

export interface AutoMailRule {
  /** The signal reported when the rule fires. */
  name: string;
  /** A bounce rule makes the message a bounce (and so automatic). */
  bounce: boolean;
  fires: (m: MailFacts) => Fired;
}

/** Every rule, one line each. */
export const AUTO_MAIL_RULES: readonly AutoMailRule[] = [
  { name: "auto-submitted", bounce: false, fires: autoSubmitted },
  { name: "x-autoreply", bounce: false, fires: present("x-autoreply") },
  { name: "x-autorespond", bounce: false, fires: present("x-autorespond") },
  { name: "x-autoreply-from", bounce: false, fires: present("x-autoreply-from") },
  { name: "x-mail-autoreply", bounce: false, fires: present("x-mail-autoreply") },
  { name: "x-autogenerated", bounce: false, fires: present("x-autogenerated") },
  { name: "x-auto-reply", bounce: false, fires: present("x-auto-reply") },
  { name: "x-autoresponder", bounce: false, fires: present("x-autoresponder") },
  { name: "x-auto-response-suppress", bounce: false, fires: autoResponseSuppress },
  { name: "x-ms-exchange-inbox-rules-loop", bounce: false, fires: present("x-ms-exchange-inbox-rules-loop") },
  { name: "x-loop", bounce: false, fires: xLoop },
  { name: "precedence", bounce: false, fires: precedence },
  { name: "list-id", bounce: false, fires: present("list-id") },
  { name: "list-unsubscribe", bounce: false, fires: present("list-unsubscribe") },
  { name: "null-sender", bounce: false, fires: nullSender },
  { name: "own-address", bounce: false, fires: ownAddress },
  { name: "multipart/report", bounce: false, fires: multipartReport },
  { name: "report-type:delivery-status", bounce: true, fires: deliveryStatusReport },
  { name: "message/delivery-status", bounce: true, fires: deliveryStatusPart },
  { name: "x-failed-recipients", bounce: true, fires: present("x-failed-recipients") },
  { name: "mailer-daemon", bounce: true, fires: mailerDaemon },
];

export function classifyAutomaticMail(input: AutoMailInput, rules: readonly AutoMailRule[] = AUTO_MAIL_RULES): AutoMailVerdict {
  const facts = factsOf(input);
  const signals: string[] = [];
  let bounce = false;
  for (const rule of rules) {
    const fired = rule.fires(facts);
    if (fired === false) continue;
    signals.push(typeof fired === "string" ? `${rule.name}:${fired}` : rule.name);
    bounce ||= rule.bounce;
  }
  return { automatic: signals.length > 0, bounce, signals };
}

/** The envelope and workspace facts a parse result lacks. */
export interface AutoMailContext {
  envelopeFrom: string;
  ownAddresses: string[];
  loopMarker: string;
}

/**
 * The classifier's input from a postal-mime parse result: its top-level headers, its first From
 * address, and as part types the top-level Content-Type plus every attachment's type (postal-mime
 * lists `message/delivery-status`, `text/rfc822-headers`, … as attachments; body text parts and
 * multipart containers are not listed, and no rule needs them).
 */
export function autoMailInputOf(parsed: Email, context: AutoMailContext): AutoMailInput {
  const from = parsed.from;
  const fromAddress = (from?.group ? from.group[0]?.address : from?.address) || null;
  const contentType = parsed.headers.find((h) => h.key === "content-type")?.value;
  return {
    headers: parsed.headers.map(({ key, value }) => ({ key, value })),
    envelopeFrom: context.envelopeFrom,
    fromAddress,
    partTypes: [...(contentType ? [contentType] : []), ...parsed.attachments.map((a) => a.mimeType.toLowerCase())],
    ownAddresses: context.ownAddresses,
    loopMarker: context.loopMarker,
  };
}

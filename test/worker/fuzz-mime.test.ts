import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { newWorkspace } from "../helpers/api";
import { emailCorpus } from "../helpers/corpus";
import { deliverEmail } from "../helpers/mail";

/**
 * MIME fuzzing: the shared corpus's messages, mutated (byte flips, truncation, duplicated and
 * missing headers, broken boundaries, charset lies, huge header lines, deep nesting, line-end
 * and encoding damage), through the real email() handler.
 *
 * Property, per delivery: the handler returns (a thrown error would be a temporary failure, and
 * the sender would retry the same bytes forever), and the delivery ends as exactly one outcome in
 * mail_deliveries whose record agrees with it: a ticket message, an automatic/bounce/spam record,
 * a rejection (setReject, nothing stored), or a quarantine record — and whatever was recorded
 * has its raw bytes in R2. Bounded: a fixed seed and a fixed number of deliveries.
 */
const SEED = 6_2026;
const DELIVERIES = 300;

const corpus = emailCorpus().map((entry) => {
  // An mbox "From " separator is not part of a message as delivered by SMTP.
  const raw = binary(entry.raw.subarray(0, 5)) === "From " ? entry.raw.subarray(entry.raw.indexOf(10) + 1) : entry.raw;
  return { id: entry.id, raw };
});

let slug: string;
let tenantId: string;
let run = 0;
const outcomes = new Map<string, number>();
const mutationCounts = new Map<string, number>();

/** Bytes as a string of code points 0–255 (one per byte), and back: header surgery without decoding. */
function binary(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
function bytesOf(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function splitHead(text: string): { head: string; sep: string; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text, sep: "", body: "" };
  return { head: text.slice(0, match.index), sep: match[0], body: text.slice(match.index + match[0].length) };
}

/** Header fields, each with its continuation lines. */
function headerFields(head: string): string[] {
  const fields: string[] = [];
  for (const line of head.split(/(?<=\n)/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += line;
    else fields.push(line);
  }
  return fields;
}

const withNewline = (field: string) => (field.endsWith("\n") ? field : `${field}\r\n`);

// ---------------------------------------------------------------------------------------------
// Mutations, as data (so fast-check can print and shrink them)

const CHARSETS = ["utf-8", "gb2312", "gbk", "big5", "iso-2022-jp", "shift_jis", "euc-kr", "utf-16", "utf-16le", "utf-7", "utf-32", "x-unknown-charset", "", "koi8-r", "windows-1252", '"', "utf-8\u0000", "a".repeat(300)];
const HEADER_NAMES = ["From", "To", "Subject", "Content-Type", "MIME-Version", "Content-Transfer-Encoding", "Message-ID", "Date", "In-Reply-To", "References", "Reply-To", "Cc", "Sender", "Return-Path"];
const GARBAGE_HEADERS = [
  "Subject: =?utf-8?B?////?=",
  "Subject: =?gbk?Q?=ZZ=?= =?x-nothing?B?AAAA?= =?utf-8?",
  "Subject: =?utf-8?B?" + "QUJD".repeat(5000) + "?=",
  "From: =?utf-8?Q?=E2=80=AE?= <\u00ff@\u00fe>",
  "From: <>",
  "From: a@b@c@d, ,,, <@>, \"unterminated <x@y.example>",
  "From: " + "<a@example.com>, ".repeat(2000),
  "To: undisclosed-recipients:;",
  "Content-Type: multipart/mixed",
  "Content-Type: multipart/alternative; boundary=",
  "Content-Type: text/html; charset=utf-8\r\nContent-Type: text/plain; charset=big5",
  "Content-Type: message/rfc822",
  "Content-Type: application/octet-stream; name=\"../../etc/passwd\"",
  "Content-Transfer-Encoding: base64",
  "Content-Transfer-Encoding: quoted-printable",
  "Content-Transfer-Encoding: x-uuencode",
  "Content-Disposition: attachment; filename*=utf-8''%E0%A4%A; filename*0*=x; filename*1*=%ZZ",
  "Message-ID: <>",
  "Message-ID: " + "<" + "m".repeat(5000) + "@x>",
  "In-Reply-To: <<<>>> <a@b> <" + "r".repeat(3000) + ">",
  "References: " + Array.from({ length: 2000 }, (_, i) => `<ref${i}@x.example>`).join(" "),
  "Auto-Submitted: auto-replied",
  "X-CF-Spamh-Score: NaN",
  "Date: Thu, 31 Feb 99999 25:61:61 +9999",
  "\u0000\u0000: \u0000",
  ": no name",
  "No colon at all",
  "X-Eight-Bit: \u00e9\u00ff\u0080\u0081",
];

type Mutation =
  | { kind: "flip"; at: number; count: number; mask: number }
  | { kind: "truncate"; fraction: number }
  | { kind: "duplicate-header"; which: number; times: number }
  | { kind: "remove-header"; name: string }
  | { kind: "remove-random-header"; which: number }
  | { kind: "boundary"; how: "rename-declared" | "drop-closing" | "corrupt-delimiters" | "empty" | "long" | "drop-declared" }
  | { kind: "charset"; charset: string }
  | { kind: "huge-header"; bytes: number; folded: boolean }
  | { kind: "many-headers"; count: number }
  | { kind: "garbage-header"; line: string }
  | { kind: "nest-multipart"; depth: number }
  | { kind: "nest-rfc822"; depth: number }
  | { kind: "line-ends"; to: "\n" | "\r" | "\r\r\n" | "mixed" }
  | { kind: "encoding-lie"; encoding: string }
  | { kind: "splice"; from: number; length: number; to: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.integer({ min: 1, max: 64 }), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("duplicate-header" as const), which: fc.nat(), times: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ kind: fc.constant("remove-header" as const), name: fc.constantFrom(...HEADER_NAMES) }),
  fc.record({ kind: fc.constant("remove-random-header" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("boundary" as const), how: fc.constantFrom("rename-declared" as const, "drop-closing" as const, "corrupt-delimiters" as const, "empty" as const, "long" as const, "drop-declared" as const) }),
  fc.record({ kind: fc.constant("charset" as const), charset: fc.constantFrom(...CHARSETS) }),
  fc.record({ kind: fc.constant("huge-header" as const), bytes: fc.integer({ min: 1_000, max: 400_000 }), folded: fc.boolean() }),
  fc.record({ kind: fc.constant("many-headers" as const), count: fc.integer({ min: 100, max: 5_000 }) }),
  fc.record({ kind: fc.constant("garbage-header" as const), line: fc.constantFrom(...GARBAGE_HEADERS) }),
  fc.record({ kind: fc.constant("nest-multipart" as const), depth: fc.integer({ min: 2, max: 2_000 }) }),
  fc.record({ kind: fc.constant("nest-rfc822" as const), depth: fc.integer({ min: 2, max: 300 }) }),
  fc.record({ kind: fc.constant("line-ends" as const), to: fc.constantFrom("\n" as const, "\r" as const, "\r\r\n" as const, "mixed" as const) }),
  fc.record({ kind: fc.constant("encoding-lie" as const), encoding: fc.constantFrom("base64", "quoted-printable", "8bit", "binary", "x-gzip", "BASE64 ", "") }),
  fc.record({ kind: fc.constant("splice" as const), from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 5_000 }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

function mutate(raw: Uint8Array, m: Mutation): Uint8Array {
  const text = binary(raw);
  const { head, sep, body } = splitHead(text);
  const fields = headerFields(head);
  const boundary = /boundary\s*=\s*"?([^";\r\n]+)"?/i.exec(text)?.[1];
  switch (m.kind) {
    case "flip": {
      const out = raw.slice();
      for (let i = 0; i < m.count && out.length > 0; i++) {
        const at = (Math.floor(m.at * out.length) + i * 7919) % out.length;
        out[at] = out[at]! ^ m.mask;
      }
      return out;
    }
    case "truncate":
      return raw.subarray(0, Math.floor(m.fraction * raw.length));
    case "duplicate-header": {
      if (fields.length === 0) return raw;
      const field = withNewline(fields[m.which % fields.length]!);
      return bytesOf(withNewline(field.repeat(m.times) + fields.join("")) + sep.replace(/^\r?\n/, "") + body);
    }
    case "remove-header":
      return bytesOf(fields.filter((f) => !f.toLowerCase().startsWith(`${m.name.toLowerCase()}:`)).join("") + sep + body);
    case "remove-random-header":
      return bytesOf(fields.filter((_, i) => i !== m.which % Math.max(fields.length, 1)).join("") + sep + body);
    case "boundary":
      return corruptBoundary(raw, text, boundary, m.how);
    case "charset":
      return bytesOf(text.replace(/charset\s*=\s*("[^"]*"|[^;\s]+)/gi, `charset="${m.charset}"`));
    case "huge-header": {
      const value = m.folded ? Array.from({ length: Math.ceil(m.bytes / 76) }, () => "y".repeat(75)).join("\r\n ") : "y".repeat(m.bytes);
      return bytesOf(`Subject: ${value}\r\nX-Huge: ${value}\r\n${text}`);
    }
    case "many-headers":
      return bytesOf(Array.from({ length: m.count }, (_, i) => `X-Many-${i % 7}: ${i}\r\n`).join("") + text);
    case "garbage-header":
      return bytesOf(`${m.line}\r\n${text}`);
    case "nest-multipart": {
      let inner = `Content-Type: text/plain; charset=utf-8\r\n\r\nThe innermost part.\r\n`;
      for (let i = m.depth - 1; i >= 0; i--) inner = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${inner}\r\n--n${i}--\r\n`;
      return bytesOf(fields.filter((f) => !/^(content-type|mime-version|content-transfer-encoding):/i.test(f)).join("") + "MIME-Version: 1.0\r\n" + inner);
    }
    case "nest-rfc822": {
      let inner = text;
      for (let i = 0; i < m.depth; i++) inner = `From: layer${i}@example.com\r\nSubject: Fwd ${i}\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n${inner}`;
      return bytesOf(inner);
    }
    case "line-ends": {
      const lines = text.split(/\r?\n/);
      if (m.to !== "mixed") return bytesOf(lines.join(m.to));
      return bytesOf(lines.map((l, i) => l + ["\r\n", "\n", "\r", "\n\r"][i % 4]).join(""));
    }
    case "encoding-lie":
      return bytesOf(text.replace(/content-transfer-encoding\s*:[^\r\n]*/gi, `Content-Transfer-Encoding: ${m.encoding}`).replace(/^/, `Content-Transfer-Encoding: ${m.encoding}\r\n`));
    case "splice": {
      const from = Math.floor(m.from * raw.length);
      const piece = raw.subarray(from, from + m.length);
      const to = Math.floor(m.to * raw.length);
      const out = new Uint8Array(raw.length + piece.length);
      out.set(raw.subarray(0, to));
      out.set(piece, to);
      out.set(raw.subarray(to), to + piece.length);
      return out;
    }
  }
}

function corruptBoundary(raw: Uint8Array, text: string, boundary: string | undefined, how: Extract<Mutation, { kind: "boundary" }>["how"]): Uint8Array {
  if (!boundary) return bytesOf(`Content-Type: multipart/mixed; boundary="b"\r\n${text}`);
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  switch (how) {
    case "rename-declared":
      return bytesOf(text.replace(new RegExp(`boundary\\s*=\\s*"?${escaped}"?`, "i"), 'boundary="not-the-boundary"'));
    case "drop-closing":
      return bytesOf(text.split(`--${boundary}--`).join(""));
    case "corrupt-delimiters":
      return bytesOf(text.replace(new RegExp(`\\n--${escaped}`, "g"), (d, offset: number) => (offset % 2 ? d : `\n-${boundary}`)));
    case "empty":
      return bytesOf(text.replace(new RegExp(`boundary\\s*=\\s*"?${escaped}"?`, "gi"), 'boundary=""').split(`--${boundary}`).join("--"));
    case "long":
      return bytesOf(text.split(boundary).join("B".repeat(5_000)));
    case "drop-declared":
      return bytesOf(text.replace(/;\s*boundary\s*=\s*("[^"]*"|[^;\r\n]+)/gi, ""));
  }
  return raw;
}

// ---------------------------------------------------------------------------------------------
// What a delivery left behind

interface Case {
  entry: number;
  mutations: Mutation[];
  envelope: "normal" | "null-sender" | "unknown-recipient";
}

const arbitrary: fc.Arbitrary<Case> = fc.record({
  entry: fc.nat({ max: corpus.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
  envelope: fc.oneof({ weight: 18, arbitrary: fc.constant("normal" as const) }, { weight: 1, arbitrary: fc.constant("null-sender" as const) }, { weight: 1, arbitrary: fc.constant("unknown-recipient" as const) }),
});

const TICKET_OUTCOMES = new Set(["ticket_created", "appended"]);

async function deliverCase(c: Case) {
  const n = ++run;
  // A fresh Message-ID per delivery (unless a mutation breaks it again), so deliveries do not dedupe on each other.
  let raw = bytesOf(binary(corpus[c.entry]!.raw).replace(/^message-id:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/gim, `Message-ID: <fuzz-${n}@fuzz.example>`));
  for (const m of c.mutations) {
    raw = mutate(raw, m);
    mutationCounts.set(m.kind, (mutationCounts.get(m.kind) ?? 0) + 1);
  }
  const to = c.envelope === "unknown-recipient" ? `nobody-${n}@nowhere.example` : `${slug}+fuzz-${n}@kefu.localhost`;
  const from = c.envelope === "null-sender" ? "" : "sender@example.net";
  const what = `#${n} ${corpus[c.entry]!.id} ${JSON.stringify(c.mutations).slice(0, 300)} (${raw.length} bytes, envelope ${c.envelope})`;

  const delivery = await deliverEmail(raw, { from, to });
  expect(delivery.error, `${what}: the handler threw ${String(delivery.error)}`).toBeNull();

  const logged = (await env.DB.prepare("select outcome, inbound_message_id, ticket_id, tenant_id from mail_deliveries where envelope_to = ?").bind(to).all<{ outcome: string; inbound_message_id: string | null; ticket_id: string | null; tenant_id: string | null }>()).results;
  expect(logged, `${what}: exactly one delivery log row`).toHaveLength(1);
  const { outcome, inbound_message_id: inboundId } = logged[0]!;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const inbound = await env.DB.prepare("select id, status, raw_key, raw_size, ticket_id, message_id from inbound_messages where envelope_to = ?")
    .bind(to)
    .all<{ id: string; status: string; raw_key: string; raw_size: number; ticket_id: string | null; message_id: string | null }>();

  if (outcome === "rejected") {
    expect(delivery.rejected, `${what}: a rejection is said to the sender`).toHaveLength(1);
    expect(inbound.results, `${what}: nothing is stored for a rejection`).toHaveLength(0);
    return;
  }
  expect(delivery.rejected, what).toEqual([]);
  if (outcome === "duplicate") {
    // The same bytes (or Message-ID) arrived before: the earlier record stands, in a final status.
    const earlier = await env.DB.prepare("select status from inbound_messages where id = ?").bind(inboundId).first<{ status: string }>();
    expect(earlier?.status, what).not.toBe("received");
    return;
  }
  expect(inbound.results, `${what}: one inbound record`).toHaveLength(1);
  const record = inbound.results[0]!;
  expect(record.id, what).toBe(inboundId);
  const expectedStatus: Record<string, string> = { ticket_created: "processed", appended: "processed", automatic: "automatic", bounce: "bounce", spam: "spam", quarantined: "quarantined", verification: "verification" };
  expect(expectedStatus[outcome], `${what}: unexpected outcome ${outcome}`).toBeDefined();
  expect(record.status, what).toBe(expectedStatus[outcome]);

  // The raw bytes are kept, whatever happened.
  const object = await env.BLOBS.head(record.raw_key);
  expect(object, `${what}: raw object ${record.raw_key} in R2`).not.toBeNull();
  expect(object!.size, what).toBe(raw.length);
  expect(record.raw_key, what).toBe(`raw/${tenantId}/${await sha256Hex(raw)}.eml`);

  if (TICKET_OUTCOMES.has(outcome)) {
    const message = await env.DB.prepare("select m.id, m.ticket_id, t.id as ticket from messages m join tickets t on t.id = m.ticket_id and t.tenant_id = m.tenant_id where m.inbound_message_id = ?")
      .bind(record.id)
      .all<{ id: string; ticket_id: string; ticket: string }>();
    expect(message.results, `${what}: one message in a ticket`).toHaveLength(1);
    expect(record.ticket_id, what).toBe(message.results[0]!.ticket_id);
  }
}

async function sha256Hex(bytes: Uint8Array) {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

beforeAll(async () => {
  const workspace = await newWorkspace("Mime Fuzz");
  slug = workspace.slug;
  tenantId = workspace.workspace.id;
}, 180_000);

describe("MIME fuzzing through email()", () => {
  it("every mutated corpus message ends as exactly one recorded outcome, raw bytes kept, without a crash", async () => {
    const started = Date.now();
    await fc.assert(fc.asyncProperty(arbitrary, deliverCase), { seed: SEED, numRuns: DELIVERIES, endOnFailure: true });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const list = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`).join(", ");
    console.log(`MIME fuzzing: ${run} deliveries of ${corpus.length} corpus messages in ${seconds} s; outcomes ${list(outcomes)}; mutations ${list(mutationCounts)}`);
    expect(run).toBe(DELIVERIES);
  }, 300_000);
});

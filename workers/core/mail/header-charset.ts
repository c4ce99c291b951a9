/**
 * One rule for header text that is not plain ASCII (raw 8-bit bytes, or the bytes of an
 * RFC 2047 encoded-word): UTF-8 when the bytes are valid UTF-8, else the declared charset when
 * it decodes them without error, else a best guess — never windows-1252 over bytes that read as
 * CJK. All decoding is `TextDecoder` with `fatal: true`, so a wrong charset is noticed rather
 * than turned into U+FFFD or mojibake.
 */

/** A charset label as TextDecoder should read it: `gb2312`/`gbk` are GB18030 (as browsers do), `utf7` is not WHATWG. */
export function decoderLabel(charset: string): string {
  const label = charset.trim().toLowerCase().split("*")[0]!.replace(/^"|"$/g, "");
  if (label === "gb2312" || label === "gbk" || label === "x-gbk" || label === "cp936" || label === "euc-cn") return "gb18030";
  if (label === "ks_c_5601-1987" || label === "cp949") return "euc-kr";
  if (label === "cp932" || label === "windows-31j" || label === "sjis" || label === "x-sjis") return "shift_jis";
  return label;
}

/** The text of `bytes` in `charset`, or null when the charset is unknown or the bytes are not valid in it. */
export function strictDecode(bytes: Uint8Array, charset: string): string | null {
  try {
    return new TextDecoder(decoderLabel(charset), { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Charsets tried, in order, after the declared one fails: its family first (a mislabelled Japanese word is still Japanese). */
function fallbacksFor(declared: string | undefined): string[] {
  const label = declared ? decoderLabel(declared) : "";
  if (/^(iso-2022-jp|shift_jis|euc-jp)$/.test(label)) return ["utf-8", "shift_jis", "euc-jp", "iso-2022-jp"];
  if (/^(gb18030|big5|big5-hkscs)$/.test(label)) return ["utf-8", "gb18030", "big5"];
  if (/^(euc-kr|iso-2022-kr)$/.test(label)) return ["utf-8", "euc-kr"];
  return ["utf-8"];
}

/**
 * The bytes' charset when nothing declared fits: isolated high bytes between ASCII are a
 * single-byte European charset ("M\xfcller"); runs of GB2312-range pairs are GB18030 (the
 * Chinese mail Foxmail and Outlook send unlabelled); else the first CJK decoder that reads
 * the bytes as CJK text (ideographs, kana, hangul, CJK punctuation); else windows-1252.
 */
export function guessCharset(bytes: Uint8Array): string {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const byte of bytes) {
    if (byte >= 0x80) run.push(byte);
    else if (run.length) runs.push(run), (run = []);
  }
  if (run.length) runs.push(run);
  if (runs.every((r) => r.length === 1)) return "windows-1252";
  const gb2312Pairs = (r: number[]) => r.length % 2 === 0 && r.every((b, i) => (i % 2 === 0 ? b >= 0xa1 && b <= 0xf7 : b >= 0xa1 && b <= 0xfe));
  if (runs.every(gb2312Pairs)) return "gb18030";
  return (
    ["shift_jis", "gb18030", "big5", "euc-kr"].find((charset) => {
      const text = strictDecode(bytes, charset);
      return text !== null && CJK_TEXT.test(text) && !IMPLAUSIBLE.test(text);
    }) ?? "windows-1252"
  );
}

/** ASCII plus CJK punctuation, kana, ideographs, hangul and fullwidth forms. */
const CJK_TEXT = /^[\x00-\x7f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]*$/;

/** Text that a decoder accepted but no writer meant: C1 controls, or several halfwidth katakana in a row (Shift_JIS over EUC bytes). */
const IMPLAUSIBLE = /[\u0080-\u009f]|[\uff61-\uff9f]{3,}/;

/**
 * Header bytes as text: valid UTF-8 first, then the declared charset, then its family's
 * fallbacks, then a guess. ASCII is ASCII in every charset Kefu accepts here (UTF-16/32 and
 * UTF-7 labels are handled by the encoded-word reader, never for raw header bytes).
 */
export function decodeHeaderBytes(bytes: Uint8Array, declared?: string): string {
  const utf8 = strictDecode(bytes, "utf-8");
  if (utf8 !== null) return utf8;
  for (const charset of [...(declared ? [declared] : []), ...fallbacksFor(declared)]) {
    const text = strictDecode(bytes, charset);
    if (text !== null && !IMPLAUSIBLE.test(text)) return text;
  }
  return new TextDecoder(guessCharset(bytes)).decode(bytes);
}

/**
 * An encoded-word's bytes as text: the declared charset when it decodes them cleanly (an
 * ISO-2022-JP label stays ISO-2022-JP even when the bytes would also be UTF-8), else the same
 * fallbacks as raw bytes (an ISO-2022-JP label over Shift_JIS bytes, as some Japanese mobile
 * mailers write, reads as Shift_JIS).
 */
export function decodeWordBytes(bytes: Uint8Array, declared: string): string {
  const text = strictDecode(bytes, declared);
  return text !== null && !IMPLAUSIBLE.test(text) ? text : decodeHeaderBytes(bytes, declared);
}

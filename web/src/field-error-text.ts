/**
 * Field errors in the user's words. The API reports a field error as a stable `code` (zod's issue
 * codes — `too_small`, `too_big`, `invalid_format`, `invalid_type`, `invalid_value`… — or one of
 * Kefu's own, e.g. `slug_taken`), an English `message` for developers, and `params` with the limit
 * or format that was missed. This module words every zod code from its params, in English and
 * Chinese, so no validator text ("Too small: expected string to have >=1 characters") reaches a
 * user. Pure (no DOM, no signals, no import of i18n.ts, which needs a browser): the unit test
 * runs it inside workerd for every code and locale.
 */
type Locale = "en" | "zh-CN";

export interface FieldErrorInput {
  /** The field without its `body.`/`query.` prefix, e.g. `slug` or `weekly.1.0.start`. */
  field: string;
  code: string;
  message: string;
  params?: { origin?: string; minimum?: number; maximum?: number; inclusive?: boolean; format?: string; expected?: string };
}

type Params = NonNullable<FieldErrorInput["params"]>;
type Words = {
  required: string;
  minChars: (n: number) => string;
  maxChars: (n: number) => string;
  minNumber: (n: number) => string;
  aboveNumber: (n: number) => string;
  maxNumber: (n: number) => string;
  belowNumber: (n: number) => string;
  minItems: (n: number) => string;
  maxItems: (n: number) => string;
  tooSmall: string;
  tooBig: string;
  formats: Record<string, string>;
  format: string;
  invalidType: string;
  notANumber: string;
  invalidValue: string;
  unrecognizedKeys: string;
  notMultiple: string;
  invalid: string;
  /** A rule of Kefu's own (`custom`): its API message is written for people in English; other languages need a word. */
  custom: string | undefined;
  /** Per field name (its last segment), for `invalid_format` of a pattern only that field has. */
  fieldFormats: Record<string, string>;
};

const WORDS: Record<Locale, Words> = {
  en: {
    required: "Required.",
    minChars: (n) => `At least ${n} characters.`,
    maxChars: (n) => `At most ${n} characters.`,
    minNumber: (n) => `At least ${n}.`,
    aboveNumber: (n) => `More than ${n}.`,
    maxNumber: (n) => `At most ${n}.`,
    belowNumber: (n) => `Less than ${n}.`,
    minItems: (n) => (n === 1 ? "Choose at least one." : `Choose at least ${n}.`),
    maxItems: (n) => `At most ${n} items.`,
    tooSmall: "Too short or too small.",
    tooBig: "Too long or too large.",
    formats: {
      email: "Enter an email address, e.g. name@example.com.",
      url: "Enter a web address, e.g. https://example.com/hook.",
      date: "Enter a date.",
      datetime: "Enter a date and time.",
      time: "Enter a time as HH:MM.",
      uuid: "Not a valid identifier.",
    },
    format: "Not in the right format.",
    invalidType: "Missing or not a valid value.",
    notANumber: "Enter a number.",
    invalidValue: "Choose one of the offered options.",
    unrecognizedKeys: "Contains fields Kefu does not know.",
    notMultiple: "Not an allowed step.",
    invalid: "Not a valid value.",
    custom: undefined,
    fieldFormats: {
      slug: "3–40 characters: lower-case letters, digits and hyphens inside.",
      start: "Enter a time as HH:MM.",
      end: "Enter a time as HH:MM (24:00 allowed as an end).",
      scoreHeader: "Letters, digits and hyphens only (a header name).",
      tags: "Tags cannot contain commas.",
      blocklist: "An email address or an @domain.",
    },
  },
  "zh-CN": {
    required: "必填。",
    minChars: (n) => `至少 ${n} 个字符。`,
    maxChars: (n) => `最多 ${n} 个字符。`,
    minNumber: (n) => `不能小于 ${n}。`,
    aboveNumber: (n) => `必须大于 ${n}。`,
    maxNumber: (n) => `不能大于 ${n}。`,
    belowNumber: (n) => `必须小于 ${n}。`,
    minItems: (n) => `至少选择 ${n} 项。`,
    maxItems: (n) => `最多 ${n} 项。`,
    tooSmall: "太短或太小。",
    tooBig: "太长或太大。",
    formats: {
      email: "请输入邮箱地址，例如 name@example.com。",
      url: "请输入网址，例如 https://example.com/hook。",
      date: "请输入日期。",
      datetime: "请输入日期和时间。",
      time: "请按 HH:MM 格式输入时间。",
      uuid: "标识符无效。",
    },
    format: "格式不正确。",
    invalidType: "缺少该值或该值无效。",
    notANumber: "请输入数字。",
    invalidValue: "请选择提供的选项之一。",
    unrecognizedKeys: "包含 Kefu 不认识的字段。",
    notMultiple: "数值不符合允许的间隔。",
    invalid: "该值无效。",
    custom: "该值无效。",
    fieldFormats: {
      slug: "3–40 个字符：小写字母、数字，中间可用连字符。",
      start: "请按 HH:MM 格式输入时间。",
      end: "请按 HH:MM 格式输入时间（结束时间可用 24:00）。",
      scoreHeader: "只能包含字母、数字和连字符（邮件头名称）。",
      tags: "标签不能包含逗号。",
      blocklist: "邮箱地址或 @域名。",
    },
  },
};

const TEXT_ORIGINS = new Set(["string"]);
const NUMBER_ORIGINS = new Set(["number", "int", "bigint"]);
const LIST_ORIGINS = new Set(["array", "set", "map"]);

function tooSmall(w: Words, p: Params): string {
  const n = p.minimum;
  if (n === undefined) return w.tooSmall;
  if (TEXT_ORIGINS.has(p.origin ?? "")) return n <= 1 ? w.required : w.minChars(n);
  if (NUMBER_ORIGINS.has(p.origin ?? "")) return p.inclusive === false ? w.aboveNumber(n) : w.minNumber(n);
  if (LIST_ORIGINS.has(p.origin ?? "")) return w.minItems(n);
  return w.tooSmall;
}

function tooBig(w: Words, p: Params): string {
  const n = p.maximum;
  if (n === undefined) return w.tooBig;
  if (TEXT_ORIGINS.has(p.origin ?? "")) return w.maxChars(n);
  if (NUMBER_ORIGINS.has(p.origin ?? "")) return p.inclusive === false ? w.belowNumber(n) : w.maxNumber(n);
  if (LIST_ORIGINS.has(p.origin ?? "")) return w.maxItems(n);
  return w.tooBig;
}

/** The name a field is known by in `fieldFormats`: its last named segment ("weekly.1.0.start" → "start", "tags.2" → "tags"). */
const fieldName = (field: string) => field.split(/[.[\]]+/).filter((part) => part && !/^\d+$/.test(part)).pop() ?? field;

function invalidFormat(w: Words, field: string, p: Params): string {
  const known = p.format && p.format !== "regex" ? w.formats[p.format] : undefined;
  return known ?? w.fieldFormats[fieldName(field)] ?? w.format;
}

/**
 * The words for zod's issue codes, or undefined for a code that is not zod's (the caller then
 * uses Kefu's own code table, e.g. "slug_taken", and last the API's English message).
 */
export function zodIssueText(locale: Locale, error: FieldErrorInput): string | undefined {
  const w = WORDS[locale];
  const p = error.params ?? {};
  switch (error.code) {
    case "too_small":
      return tooSmall(w, p);
    case "too_big":
      return tooBig(w, p);
    case "invalid_format":
    case "invalid_string":
      return invalidFormat(w, error.field, p);
    case "invalid_type":
      return p.expected === "number" || p.expected === "int" ? w.notANumber : w.invalidType;
    case "invalid_value":
    case "invalid_enum_value":
    case "invalid_union":
      return w.invalidValue;
    case "unrecognized_keys":
      return w.unrecognizedKeys;
    case "not_multiple_of":
      return w.notMultiple;
    case "invalid_key":
    case "invalid_element":
    case "invalid_date":
      return w.invalid;
    case "custom":
      return w.custom;
    default:
      return undefined;
  }
}

/** Zod's codes, for tests and documentation: each has words in both languages. */
export const ZOD_ISSUE_CODES = [
  "too_small",
  "too_big",
  "invalid_format",
  "invalid_type",
  "invalid_value",
  "invalid_union",
  "unrecognized_keys",
  "not_multiple_of",
  "invalid_key",
  "invalid_element",
] as const;

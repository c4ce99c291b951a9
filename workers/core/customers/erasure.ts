import { escapeSlack } from "../webhooks/webhook-payload";

/**
 * What an erased customer's records look like. Erasure keeps the rows that reports count
 * (tickets, their history, survey ratings) and replaces the personal text in them with these
 * placeholders.
 */

/** The name an erased customer keeps (the row stays: tickets point at it). */
export const ERASED_CUSTOMER_NAME = "Erased customer";

/** What replaces erased text: ticket subjects, message bodies, subject values in the history. */
export const ERASED_TEXT = "[erased]";

/** The customer row after erasure: no name, organisation or notes, and never surveyed again. */
export const erasedCustomerFields = () => ({ name: ERASED_CUSTOMER_NAME, organization: null, notes: "", surveyOptOut: true });

/**
 * The forms a ticket subject takes inside a stored webhook body: as written (Kefu JSON), and
 * escaped for Slack's mrkdwn, with `|` replaced as in a link label.
 */
export function subjectForms(subject: string): string[] {
  const slack = escapeSlack(subject);
  return [...new Set([subject, slack, slack.replaceAll("|", "¦")])].filter((form) => form.trim() !== "" && form !== ERASED_TEXT);
}

/** `text` with every occurrence of each secret (longest first) replaced by the placeholder. */
export function redactText(text: string, secrets: readonly string[]): string {
  const ordered = [...new Set(secrets)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
  return ordered.reduce((out, secret) => out.replaceAll(secret, ERASED_TEXT), text);
}

/**
 * A stored JSON body (a webhook delivery) with the secrets replaced inside every string value
 * and key; the structure stays valid JSON. A body that is not JSON is redacted as text.
 */
export function redactJson(body: string, secrets: readonly string[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return redactText(body, secrets);
  }
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return redactText(value, secrets);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactText(k, secrets), walk(v)]));
    return value;
  };
  return JSON.stringify(walk(parsed));
}

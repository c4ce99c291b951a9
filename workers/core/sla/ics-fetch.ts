/**
 * Fetching an .ics file for a holiday import, from the Worker: a public https URL only (the same
 * rule as webhook targets, each redirect checked again, at most 3), within 5 seconds and 1 MiB.
 * Every failure is the caller's 422 `ics_fetch_failed` naming `body.url`.
 */
import { AppError } from "../errors";
import { webhookTargetProblem } from "../webhooks/webhook-url";

export const ICS_MAX_BYTES = 1024 * 1024;
export const ICS_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 3;

const failed = (message: string) => new AppError(422, "ics_fetch_failed", message, { errors: [{ field: "body.url", code: "ics_fetch_failed", message }] });

export async function fetchIcs(url: string, fetcher: typeof fetch = fetch): Promise<string> {
  const signal = AbortSignal.timeout(ICS_TIMEOUT_MS);
  let target = url;
  for (let hop = 0; ; hop++) {
    const problem = webhookTargetProblem(target);
    if (problem) throw failed(problem);
    let response: Response;
    try {
      response = await fetcher(target, { redirect: "manual", signal, headers: { Accept: "text/calendar, */*;q=0.5" } });
    } catch (error) {
      throw failed(signal.aborted ? `No answer within ${ICS_TIMEOUT_MS / 1000} seconds` : `Could not fetch the URL: ${error instanceof Error ? error.message : String(error)}`);
    }
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw failed(`More than ${MAX_REDIRECTS} redirects`);
      target = new URL(location, target).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failed(`The server answered ${response.status}`);
    }
    return readText(response, signal);
  }
}

async function readText(response: Response, signal: AbortSignal): Promise<string> {
  if (Number(response.headers.get("Content-Length") ?? 0) > ICS_MAX_BYTES) throw failed(`The file is larger than ${ICS_MAX_BYTES / 1024 / 1024} MiB`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > ICS_MAX_BYTES) throw failed(`The file is larger than ${ICS_MAX_BYTES / 1024 / 1024} MiB`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw failed(signal.aborted ? `No answer within ${ICS_TIMEOUT_MS / 1000} seconds` : "The download broke off");
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) bytes.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  return new TextDecoder().decode(bytes);
}

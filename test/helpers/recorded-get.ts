import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../workers/main";
import { newUsage, recordingD1, type D1Usage } from "./d1-recorder";

/** A GET of the API (`path` under /api/v1) through the real Worker whose D1 calls `usage` records; asserts 200 and returns the body. */
export async function recordedGet<T = any>(path: string, token: string, usage: D1Usage = newUsage()): Promise<T> {
  const ctx = createExecutionContext();
  const request = new Request(`https://kefu.test/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, DB: recordingD1(env.DB, usage) }, ctx);
  await waitOnExecutionContext(ctx);
  const body = await response.json<any>();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as T;
}

import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../workers/main";
import { recordingD1, type D1Usage } from "./d1-recorder";

/** Runs the real `scheduled()` handler once, as the every-minute cron trigger would at `at`; with `usage`, counting its D1 calls into it. */
export async function tick(at: Date, usage?: D1Usage) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), usage ? { ...env, DB: recordingD1(env.DB, usage) } : env, ctx);
  await waitOnExecutionContext(ctx);
}

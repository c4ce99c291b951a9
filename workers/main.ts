import { handleFetch } from "./api/worker";
import { handleScheduled } from "./cron/worker";
import { handleEmail } from "./email-ingest/worker";

export { WorkspaceLive } from "./live/workspace-live";

/** Kefu is one Worker: the API (fetch), the email channel (email) and the clock (scheduled). */
export default {
  fetch: handleFetch,
  email: handleEmail,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;

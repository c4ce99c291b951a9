import { api } from "./index";
import { surveyPages } from "./survey/survey-routes";

/**
 * HTTP entry point: the API under /api, the public survey pages under /survey. Everything else
 * is the web app's static assets and never reaches the Worker (wrangler.toml `run_worker_first`).
 */
export const handleFetch: ExportedHandlerFetchHandler<Env> = (request, env, ctx) =>
  new URL(request.url).pathname.startsWith("/survey/") ? surveyPages.fetch(request, env, ctx) : api.fetch(request, env, ctx);

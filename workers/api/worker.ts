import { api } from "./index";

/** HTTP entry point. Requests outside /api are static assets (the web app) and never reach the Worker. */
export const handleFetch: ExportedHandlerFetchHandler<Env> = (request, env, ctx) => api.fetch(request, env, ctx);

import type { Context } from "hono";

/** The caller's address as Cloudflare reports it, the subject of per-client rate limits. */
export const clientOf = (c: Context) => c.req.header("CF-Connecting-IP") ?? "unknown";

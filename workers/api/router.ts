import { OpenAPIHono, z } from "@hono/zod-openapi";
import { RegExpRouter } from "hono/router/reg-exp-router";
import type { AppEnv } from "./context";
import { fieldErrors, problem, ProblemSchema } from "./problem";

/**
 * Every router is built the same way: zod failures become the problem envelope with field names.
 * The sub-routers only collect routes; the app (`matching: true`) matches with Hono's RegExpRouter
 * (one regular expression for the whole API), named explicitly: Hono's default would quietly fall
 * back to its slower TrieRouter if one route were ambiguous for it (a fixed segment beside a
 * `{param}` at the same place, as `/support-addresses/test-email` beside `/support-addresses/{id}`
 * was), costing milliseconds of CPU on every request. With it named, such a route fails every
 * request at once, in the first test.
 */
export function createRouter({ matching = false } = {}) {
  return new OpenAPIHono<AppEnv>({
    ...(matching ? { router: new RegExpRouter() } : {}),
    defaultHook: (result, c) => {
      if (!result.success) return problem(c, 422, "validation_failed", "Some fields are not valid; see `errors`", fieldErrors(result.target, result.error));
    },
  });
}

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } }, required: true as const });

/** A JSON response. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

const problemResponse = (description: string) => ({ content: { "application/problem+json": { schema: ProblemSchema } }, description });

/** The error responses a route can give, for the OpenAPI document. */
export const errors = {
  400: problemResponse("Malformed request (bad JSON, bad cursor)"),
  401: problemResponse("No valid credential"),
  403: problemResponse("The credential's role or scope does not allow this"),
  404: problemResponse("Not found in this workspace"),
  409: problemResponse("Conflicts with the current state"),
  422: problemResponse("Validation failed; `errors` names the fields"),
  429: problemResponse("Rate limited; see Retry-After"),
} as const;

export const authed: Record<string, string[]>[] = [{ Bearer: [] }, { Cookie: [] }];

export const IdParam = (name: string, example: string) =>
  z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, description: `${name} id`, example }) });

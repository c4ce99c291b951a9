import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "./context";
import { fieldErrors, problem, ProblemSchema } from "./problem";

/** Every router is built the same way: zod failures become the problem envelope with field names. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
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

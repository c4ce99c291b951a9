// Type tests (checked by `npm run typecheck`, never bundled): the Worker types this program sees
// are the real ones from @cloudflare/workers-types, not `any` stand-ins. Each line below must
// be a type error; if a type silently became `any`, its @ts-expect-error would be unused and
// the type check would fail.
import { api } from "./api";

declare const env: Env;
// @ts-expect-error a D1 binding is a D1Database
export const database: number = env.DB;
// @ts-expect-error R2's get answers a promise of an object body
export const blob: string = env.BLOBS.get("key");
// @ts-expect-error the typed client knows every route of the API
export const route = api.noSuchRoute;

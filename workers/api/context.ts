import type { ExecutionContext as HonoExecutionContext } from "hono";
import type { Role } from "../../schema";
import type { AccessLevel } from "../core/auth/access";
import type { TenantScope } from "../core/tenancy/scope";

/** Who is calling, derived from a verified credential only. */
export interface Principal {
  tenantId: string;
  userId: string;
  userName: string;
  role: Role;
  level: AccessLevel;
  via: "session" | "token";
  sessionId: string | null;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal;
    scope: TenantScope;
    /** Set on the ticket routes (`keepSettings`), with how to run a request again from the start. */
    keepsSettings?: { again: RunAgain };
  };
}

/** Runs a request through the whole API again (after the isolate's knowledge of the caller proved stale). */
export type RunAgain = (request: Request, env: Env, ctx: HonoExecutionContext) => Response | Promise<Response>;

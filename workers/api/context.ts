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
    /** The workspace's settings version as the credential's read found it; the scope carries it only where `keepSettings` applies. */
    settingsVersion: number;
  };
}

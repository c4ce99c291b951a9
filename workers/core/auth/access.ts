import type { Role, TokenScope } from "../../../schema";

/**
 * What a credential may do, as one of three ordered levels: `read` (look), `write` (work
 * tickets and customers), `admin` (manage the workspace: users, tokens, groups, replies).
 * A session gets its user's level; an API token gets the lower of its scope and its user's.
 */
export type AccessLevel = TokenScope;
const RANK: Record<AccessLevel, number> = { read: 0, write: 1, admin: 2 };

export function roleLevel(role: Role): AccessLevel {
  return role === "agent" ? "write" : "admin";
}

export function effectiveLevel(role: Role, tokenScope?: TokenScope): AccessLevel {
  const level = roleLevel(role);
  return tokenScope && RANK[tokenScope] < RANK[level] ? tokenScope : level;
}

export function allows(level: AccessLevel, required: AccessLevel): boolean {
  return RANK[level] >= RANK[required];
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES, TOKEN_SCOPES } from "../../schema";
import { allows, effectiveLevel, roleLevel, type AccessLevel } from "../../workers/core/auth/access";

const LEVELS = ["read", "write", "admin"] as const satisfies readonly AccessLevel[];
const rank = (level: AccessLevel) => LEVELS.indexOf(level);

describe("roleLevel", () => {
  it("agents work tickets; owners and admins manage the workspace", () => {
    expect(roleLevel("agent")).toBe("write");
    expect(roleLevel("admin")).toBe("admin");
    expect(roleLevel("owner")).toBe("admin");
  });
});

describe("effectiveLevel", () => {
  it("a session (no token scope) gets exactly its role's level", () => {
    for (const role of ROLES) expect(effectiveLevel(role)).toBe(roleLevel(role));
  });

  it("never exceeds the role's level nor the token's scope, and is the lower of the two (every combination)", () => {
    for (const role of ROLES)
      for (const scope of TOKEN_SCOPES) {
        const level = effectiveLevel(role, scope);
        const label = `${role} with ${scope} token`;
        expect(rank(level), label).toBeLessThanOrEqual(rank(roleLevel(role)));
        expect(rank(level), label).toBeLessThanOrEqual(rank(scope));
        expect(rank(level), label).toBe(Math.min(rank(roleLevel(role)), rank(scope)));
      }
  });

  it("an agent's admin-scoped token cannot administer the workspace", () => {
    expect(effectiveLevel("agent", "admin")).toBe("write");
    expect(allows(effectiveLevel("agent", "admin"), "admin")).toBe(false);
  });

  it("a read-scoped token of an owner can only read", () => {
    expect(effectiveLevel("owner", "read")).toBe("read");
    expect(allows(effectiveLevel("owner", "read"), "write")).toBe(false);
  });

  it("anything the token may do, its user may do too (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...TOKEN_SCOPES), fc.constantFrom(...LEVELS), (role, scope, required) => {
        if (allows(effectiveLevel(role, scope), required)) {
          expect(allows(roleLevel(role), required)).toBe(true);
          expect(allows(scope, required)).toBe(true);
        }
      }),
    );
  });
});

describe("allows is a total order read < write < admin", () => {
  it("matches the expected table", () => {
    const table = LEVELS.flatMap((level) => LEVELS.map((required) => `${level}>=${required}:${allows(level, required)}`));
    expect(table).toEqual([
      "read>=read:true", "read>=write:false", "read>=admin:false",
      "write>=read:true", "write>=write:true", "write>=admin:false",
      "admin>=read:true", "admin>=write:true", "admin>=admin:true",
    ]);
  });

  it("is reflexive, antisymmetric, transitive and total", () => {
    const level = fc.constantFrom(...LEVELS);
    fc.assert(
      fc.property(level, level, level, (a, b, c) => {
        expect(allows(a, a)).toBe(true);
        expect(allows(a, b) || allows(b, a)).toBe(true);
        if (allows(a, b) && allows(b, a)) expect(a).toBe(b);
        if (allows(a, b) && allows(b, c)) expect(allows(a, c)).toBe(true);
      }),
    );
  });
});

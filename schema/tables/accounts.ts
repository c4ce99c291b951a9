import { foreignKey, index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId } from "./columns";
import { users } from "./tenancy";

/**
 * Password reset links. Only a SHA-256 of the link's secret is stored; a link works once
 * (`used_at` is claimed by a conditional update) and until `expires_at`.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    userId: text("user_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("password_resets_tenant_user").on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);

/** Two-factor recovery codes: SHA-256 hashes only, each usable once. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    tenantId: tenantId(),
    userId: text("user_id").notNull(),
    codeHash: text("code_hash").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.codeHash] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);

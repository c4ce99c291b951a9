import { integer, text } from "drizzle-orm/sqlite-core";

/** Instants are stored as integer milliseconds since the epoch and read back as `Date`. */
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

export const createdAt = () => instant("created_at").notNull();
export const updatedAt = () => instant("updated_at").notNull();

/** Every tenant-owned row carries its tenant id. */
export const tenantId = () => text("tenant_id").notNull();

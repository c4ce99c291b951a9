import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, tenantId } from "./columns";
import { tenants } from "./tenancy";

/**
 * `Idempotency-Key`s of the last 24 hours, per workspace: who sent the key, for which request,
 * and the answer it got. A row without a `status` is a request still running (the key is
 * claimed); the answer is written when it ends. The cron forgets rows older than a day.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    userId: text("user_id").notNull(),
    /** `METHOD /path` as requested, e.g. `POST /api/v1/tickets/tkt_…/messages`. */
    route: text("route").notNull(),
    /** SHA-256 of the request body. */
    requestHash: text("request_hash").notNull(),
    /** The answer's HTTP status; null while the request runs. */
    status: integer("status"),
    contentType: text("content_type"),
    body: text("body"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index("idempotency_keys_created").on(t.createdAt)],
);

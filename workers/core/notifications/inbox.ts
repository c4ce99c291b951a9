import { and, count, desc, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { NOTIFICATION_KINDS, notifications, users, type NotificationKind } from "../../../schema";
import { readAll } from "../db";
import { notFound } from "../errors";
import { decodeCursor, toPage } from "../pagination";
import type { TenantScope } from "../tenancy/scope";

const SORT = "created_at:desc";
const mine = (scope: TenantScope, userId: string) => and(eq(notifications.tenantId, scope.tenantId), eq(notifications.userId, userId));
const unreadCount = (scope: TenantScope, userId: string) => scope.db.select({ n: count() }).from(notifications).where(and(mine(scope, userId), isNull(notifications.readAt)));

/** A user's own notices, newest first, with how many are unread: one round trip. */
export async function listNotifications(scope: TenantScope, userId: string, query: { limit: number; cursor?: string; unread?: boolean }) {
  const cursor = query.cursor ? decodeCursor(query.cursor, SORT) : null;
  const read = await readAll(scope.db, {
    rows: scope.db
      .select()
      .from(notifications)
      .where(
        and(
          mine(scope, userId),
          query.unread ? isNull(notifications.readAt) : undefined,
          cursor ? or(lt(notifications.createdAt, new Date(cursor.value)), and(eq(notifications.createdAt, new Date(cursor.value)), lt(notifications.id, cursor.id))) : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.limit + 1),
    unread: unreadCount(scope, userId),
  });
  return { ...toPage(read.rows, query.limit, SORT, (n) => n.createdAt.getTime()), unreadCount: read.unread[0]?.n ?? 0 };
}

/** Marks the user's own notices read (these ids, or all); others' ids are ignored. Returns the unread count after. */
export async function markNotificationsRead(scope: TenantScope, userId: string, which: { ids: string[] } | { all: true }, now = new Date()) {
  const read = await readAll(scope.db, {
    update: scope.db
      .update(notifications)
      .set({ readAt: now })
      .where(and(mine(scope, userId), isNull(notifications.readAt), "ids" in which ? inArray(notifications.id, which.ids) : undefined)),
    unread: unreadCount(scope, userId),
  });
  return { unreadCount: read.unread[0]?.n ?? 0 };
}

export type EmailSettings = Record<NotificationKind, boolean>;

const settingsFrom = (off: readonly string[]): EmailSettings => Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, !off.includes(kind)])) as EmailSettings;

/** Which notices the user also gets by email (in-app ones always show). */
export async function notificationSettings(scope: TenantScope, userId: string) {
  const [row] = await scope.db.select({ off: users.emailNotificationsOff }).from(users).where(and(eq(users.tenantId, scope.tenantId), eq(users.id, userId)));
  if (!row) throw notFound("User");
  return { email: settingsFrom(row.off) };
}

export async function setNotificationSettings(scope: TenantScope, userId: string, email: EmailSettings, now = new Date()) {
  const off = NOTIFICATION_KINDS.filter((kind) => !email[kind]);
  const updated = await scope.db
    .update(users)
    .set({ emailNotificationsOff: off, updatedAt: now })
    .where(and(eq(users.tenantId, scope.tenantId), eq(users.id, userId)))
    .returning({ off: users.emailNotificationsOff });
  if (!updated[0]) throw notFound("User");
  return { email: settingsFrom(updated[0].off) };
}

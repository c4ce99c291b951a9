import { sql } from "drizzle-orm";
import { foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant, tenantId, updatedAt } from "./columns";

export const ROLES = ["owner", "admin", "agent"] as const;
export type Role = (typeof ROLES)[number];

/** How a group hands out its new tickets (docs/assignment.md). */
export const ASSIGNMENT_METHODS = ["off", "round_robin", "least_open"] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];
/** Which of an agent's skills a group's automatic assignment requires a ticket's agent to have. */
export const SKILL_MODES = ["none", "tags", "languages", "tags_and_languages"] as const;
export type SkillMode = (typeof SKILL_MODES)[number];

export const TOKEN_SCOPES = ["read", "write", "admin"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Languages a user can choose for the app and for mail sent to them. */
export const USER_LANGUAGES = ["en", "zh-CN"] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  slug: text("slug").notNull().unique(),
  /** Last ticket number handed out; bumped in the same batch that inserts a ticket. */
  lastTicketNumber: integer("last_ticket_number").notNull().default(0),
  /** Mail whose spam-score header is at or above this goes to the spam view (null: never). */
  spamScoreThreshold: real("spam_score_threshold"),
  /** The header carrying the score (Cloudflare Email Routing adds X-CF-Spamh-Score). */
  spamScoreHeader: text("spam_score_header").notNull().default("x-cf-spamh-score"),
  /** Business hours used by SLA policies that name no calendar (null: round the clock). */
  defaultCalendarId: text("default_calendar_id"),
  /** Solved tickets close by themselves after this many days (null: never). */
  autoCloseDays: integer("auto_close_days").default(4),
  /**
   * Set when a policy or calendar changes: open tickets are recomputed in id order, a batch per
   * cron tick, from this id on ("" = from the start); null when nothing is pending.
   */
  slaRecomputeCursor: text("sla_recompute_cursor"),
  /** Set by the owner: nobody gets a session without two-factor sign-in (users without it enrol at login). */
  requireTwoFactor: integer("require_two_factor", { mode: "boolean" }).notNull().default(false),
  /** An agent's public reply to, or solving of, an unassigned ticket assigns it to them (so reports credit them). */
  assignOnReply: integer("assign_on_reply", { mode: "boolean" }).notNull().default(true),
  /** A reply (by its headers) whose subject is a different topic starts a new ticket instead of threading (off: it threads, as Zendesk does). */
  newSubjectNewTicket: integer("new_subject_new_ticket", { mode: "boolean" }).notNull().default(false),
  /** An https URL of the workspace's logo, shown on its public pages (the satisfaction survey); null: none. */
  logoUrl: text("logo_url"),
  /** The uploaded logo's content id (R2 `logos/<id>`, served at /survey/logo/<id>); shown instead of `logoUrl`; null: none. */
  logoKey: text("logo_key"),
  /** The language of system mail to a person whose language is neither stored nor detected (docs/email.md). */
  defaultLanguage: text("default_language", { enum: USER_LANGUAGES }).notNull().default("en"),
  /**
   * Changes whenever a setting that writes read changes (policies, calendars, triggers, webhooks,
   * macros, agents, groups, addresses, this row but for its counters), by the triggers of
   * migration 0039: a random 53-bit value, so it never repeats and JavaScript reads it exactly.
   * The credential's read returns it, and an isolate that holds the settings read under the same
   * value does not read them again (`core/settings-cache.ts`).
   */
  settingsVersion: integer("settings_version").notNull().default(0),
  createdAt: createdAt(),
  /**
   * When the workspace settings (name, assignment on reply, two-factor requirement) last changed:
   * their version for If-Match (issue 12). Workspaces from before it start at their creation.
   */
  updatedAt: instant("updated_at").notNull().default(sql`0`).$defaultFn(() => new Date()),
}, (t) => [
  // The cron finds workspaces waiting for a recomputation without reading every workspace.
  index("tenants_sla_recompute_pending").on(t.slaRecomputeCursor).where(sql`${t.slaRecomputeCursor} is not null`),
]);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** Self-describing hash: `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`. */
    passwordHash: text("password_hash").notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** The language of the app and of mail to this user (null: not chosen yet; mail follows the request). */
    language: text("language", { enum: USER_LANGUAGES }),
    /** IANA time zone the app shows times in (null: the browser's). */
    timeZone: text("time_zone"),
    /** Text the composer offers at the end of a reply. */
    signature: text("signature").notNull().default(""),
    /** TOTP shared secret (base32); while `totp_enabled_at` is null it is an enrolment not yet confirmed. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: instant("totp_enabled_at"),
    /** The last 30-second step whose code was accepted: a code is never accepted twice. */
    totpLastStep: integer("totp_last_step"),
    /** Notification kinds this user gets no email for (in-app notices are always on). */
    emailNotificationsOff: text("email_notifications_off", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** The agent's availability toggle: only available agents receive tickets by automatic assignment. */
    available: integer("available", { mode: "boolean" }).notNull().default(false),
    /** When `available` last changed (null: never): the return-to-pool delay counts from it. */
    availableChangedAt: instant("available_changed_at"),
    /** Tags the agent handles (a group assigning by skills gives a tagged ticket only to agents with its skill tags). */
    skillTags: text("skill_tags", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Customer languages the agent answers in (a group assigning by languages matches the requester's). */
    skillLanguages: text("skill_languages", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_tenant_email").on(t.tenantId, t.email),
    // Lets other tables reference (tenant_id, user id) so a row can never point into another tenant.
    uniqueIndex("users_tenant_id").on(t.tenantId, t.id),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").notNull(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    revokedAt: instant("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("invitations_tenant_created").on(t.tenantId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.invitedBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    userId: text("user_id").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    index("sessions_tenant_user").on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    /** The user the token acts for; its role caps the token's scope. */
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    /** Public lookup key, the part after `kefu_` and before the secret. */
    prefix: text("prefix").notNull().unique(),
    secretHash: text("secret_hash").notNull(),
    scope: text("scope", { enum: TOKEN_SCOPES }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [
    index("api_tokens_tenant_created").on(t.tenantId, t.createdAt),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);

/** Fixed-window counters for rate limits (login, signup). Keys are hashes, never raw addresses. */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: instant("window_start").notNull(),
    count: integer("count").notNull(),
  },
  // The cron prunes old windows by start time.
  (t) => [index("rate_limits_window_start").on(t.windowStart)],
);

export const groups = sqliteTable(
  "groups",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Automatic assignment of the group's new tickets: off, round-robin or least open tickets (docs/assignment.md). */
    assignmentMethod: text("assignment_method", { enum: ASSIGNMENT_METHODS }).notNull().default("off"),
    /** At most this many new and open tickets per agent by automatic assignment (null: no cap). */
    assignmentCap: integer("assignment_cap"),
    /** Which skills an agent must have for a ticket (none: any member). */
    assignmentSkills: text("assignment_skills", { enum: SKILL_MODES }).notNull().default("none"),
    /** The group's business hours (a business calendar; null: round the clock): outside them nobody receives tickets. */
    calendarId: text("calendar_id"),
    /** An agent unavailable this long has their unanswered new and open tickets of the group returned to the pool (null: never). */
    returnToPoolMinutes: integer("return_to_pool_minutes"),
    /** Round-robin's pointer: the member who got the group's last ticket (the next goes to the member after). */
    roundRobinCursor: text("round_robin_cursor"),
    /** The group's lead: an agent of the workspace (checked by the API; no key, as `calendar_id`), told by a rule's `notify` to `group_lead` (null: the members are). */
    leadUserId: text("lead_user_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("groups_tenant_name").on(t.tenantId, t.name),
    uniqueIndex("groups_tenant_id").on(t.tenantId, t.id),
    // The cron's assignment pass finds groups that assign automatically without reading every group.
    index("groups_assigning").on(t.tenantId, t.id).where(sql`${t.assignmentMethod} <> 'off'`),
  ],
);

export const groupMembers = sqliteTable(
  "group_members",
  {
    tenantId: tenantId(),
    groupId: text("group_id").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.groupId, t.userId] }),
    index("group_members_tenant_user").on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete("cascade"),
  ],
);

export const standardReplies = sqliteTable(
  "standard_replies",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId().references(() => tenants.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("standard_replies_tenant_title").on(t.tenantId, t.title)],
);

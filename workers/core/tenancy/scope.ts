import type { Db } from "../db";
import type { LivePublisher } from "../live/live-events";
import type { MailHandOver } from "../mail/mail-hand-over";

/**
 * The tenant context every repository call takes. It is built only from a verified credential
 * (or, for inbound mail, from the receiving address), never from a request field.
 */
export interface TenantScope {
  db: Db;
  tenantId: string;
  /** The workspace's live updates (set by the entry points); core writes publish to it after they commit. */
  live?: LivePublisher;
  /** The mailer a write hands its rules' mail to right after it commits (set by the API and mail entry points; mail-hand-over.ts). */
  outbox?: MailHandOver;
  /** The workspace's settings version as the request's first read found it (set by the API and mail entry points): settings read under it are kept per isolate (settings-cache.ts). */
  settingsVersion?: number;
  /** True when an earlier read of this request found no active trigger in the workspace (the cron's scans): the trigger reads are answered without being sent. */
  withoutTriggers?: boolean;
}

/**
 * Who did something; recorded on every ticket event. `reason`: why, for the history (`ticket_events.reason`):
 * the system's `sla_breach:<metric>`, an agent's macro `macro:<id>:<title>`.
 */
export type Actor = { type: "agent"; id: string; reason?: string } | { type: "customer"; id: string } | { type: "system"; id: null; reason?: string };

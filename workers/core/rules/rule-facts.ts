import type { CustomerTier, TicketChannel, UserLanguage } from "../../../schema";
import type { BusinessCalendar } from "../sla/business-calendar";
import type { FieldChange, TicketFields, TicketTimestamps } from "../tickets/ticket-rules";
import type { RatingAnswer, RuleEvent, TIME_SINCE } from "./rule-schema";

export type TimeSince = (typeof TIME_SINCE)[number];

/** The ticket as a rule sees it: its fields (the ones rules change) plus where it came from and when. */
export interface RuleTicket extends TicketFields, TicketTimestamps {
  channel: TicketChannel;
  supportAddressId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Everything a rule's conditions are evaluated against (issue 15): gathered by the write path (or
 * the cron, or the preview) from rows it already read, so evaluation is pure and does no I/O.
 */
export interface RuleFacts {
  /** The event being handled (null: an automation or a preview, which match on state alone). */
  event: RuleEvent | null;
  now: Date;
  ticket: RuleTicket;
  requester: { tier: CustomerTier; organization: string | null; language: UserLanguage | null; emails: readonly string[] };
  /** The causing message's text (a reply or note event: that message), else the ticket's first message. */
  text: string;
  /** Public replies by agents so far. */
  replyCount: number;
  /** What the causing change changed (ticket_updated, solved, reopened; a chained trigger: the changes earlier triggers made). */
  changes: readonly FieldChange[];
  /** When each moment was (null or absent: never). */
  since: Partial<Record<TimeSince, Date | null>>;
  /** The workspace's business calendars by id (business_hours and hours_since conditions). */
  calendars: ReadonlyMap<string, BusinessCalendar>;
  /** `rating_received`: the customer's answer (absent or null: no rating came with the event). */
  rating?: RatingAnswer | null;
}

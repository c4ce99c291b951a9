-- Hand-written (drizzle-kit cannot express virtual tables or triggers).
--
-- 1. The ticket history is append-only: rows of ticket_events can be inserted and (with their
--    ticket, on tenant deletion) deleted, never changed.
CREATE TRIGGER `ticket_events_append_only` BEFORE UPDATE ON `ticket_events`
BEGIN
  SELECT RAISE(ABORT, 'ticket_events is append-only');
END;
--> statement-breakpoint

-- 2. Full-text search. One FTS5 row per searchable event (subject set, message written); its rowid
--    is the event id, which never changes. The trigram tokenizer matches substrings, so Chinese and
--    Japanese text (no spaces between words) is searchable as well as English.
CREATE VIRTUAL TABLE `ticket_search` USING fts5(
  `tenant_id` UNINDEXED,
  `ticket_id` UNINDEXED,
  `content`,
  tokenize = 'trigram'
);
--> statement-breakpoint
CREATE TRIGGER `ticket_search_index_event` AFTER INSERT ON `ticket_events`
WHEN new.`type` = 'ticket_created' OR (new.`type` = 'field_change' AND new.`field` = 'subject') OR new.`message_id` IS NOT NULL
BEGIN
  INSERT INTO `ticket_search` (`rowid`, `tenant_id`, `ticket_id`, `content`)
  SELECT new.`id`, new.`tenant_id`, new.`ticket_id`,
         coalesce(new.`new_value`, '') || ' ' || coalesce((SELECT `body_text` FROM `messages` WHERE `id` = new.`message_id`), '');
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_search_forget_event` AFTER DELETE ON `ticket_events`
BEGIN
  DELETE FROM `ticket_search` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint

-- Index history written before this migration.
INSERT INTO `ticket_search` (`rowid`, `tenant_id`, `ticket_id`, `content`)
SELECT e.`id`, e.`tenant_id`, e.`ticket_id`,
       coalesce(e.`new_value`, '') || ' ' || coalesce(m.`body_text`, '')
FROM `ticket_events` e LEFT JOIN `messages` m ON m.`id` = e.`message_id`
WHERE e.`type` = 'ticket_created' OR (e.`type` = 'field_change' AND e.`field` = 'subject') OR e.`message_id` IS NOT NULL;

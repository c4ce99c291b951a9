-- Hand-written (drizzle-kit cannot express virtual tables, views or triggers).
--
-- Search words of one or two CJK characters (退款, 茶, 王芳) through an index, as CJK analyzers do:
-- every CJK character (unigram) and every pair of adjacent CJK characters (bigram) of the
-- searched text is a token, so a word of 1-2 CJK characters occurs in a text exactly when its
-- token does. The trigram indexes (ticket_search, customer_search) cannot match words that short.
--
-- CJK here: U+3040-31FF (kana, bopomofo, Hangul jamo), U+3400-9FFF (Han, extension A),
-- U+AC00-D7AF (Hangul), U+F900-FAFF (compatibility ideographs), U+20000-3FFFD (Han, B and on):
-- the GLOB class below; workers/core/tickets/search-query.ts (CJK_CHARACTER) must use the same set.
--
-- Each token starts with a key of the workspace (hex of the last 6 characters of its id), so a
-- search reads only that workspace's entries: `"<key>退款"`. The tables are contentless (only the
-- index is stored) with detail=none (membership only; no positions); the ascii tokenizer splits
-- only at ASCII spaces and punctuation, so every CJK character stays part of its token.
--
-- What is indexed is exactly what the short-word substring search (LIKE) read before: a ticket's
-- current subject and every message body (one row per history event: ticket_created carries the
-- subject, a message event its body; the event id is the rowid, as in ticket_search), and a
-- customer's name, organisation and addresses (customer_search_source, rowid from
-- customer_search_rows). The texts are joined with a line break, which is not CJK, so no token
-- spans two of them.
CREATE VIRTUAL TABLE `ticket_cjk_search` USING fts5(`grams`, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none);
--> statement-breakpoint
CREATE VIRTUAL TABLE `customer_cjk_search` USING fts5(`grams`, tokenize = 'ascii', content = '', contentless_delete = 1, detail = none);
--> statement-breakpoint
CREATE VIEW `cjk_search_text` AS
SELECT 'ticket' AS `index_name`, e.`id` AS `row_id`, e.`tenant_id`,
       CASE WHEN e.`type` = 'ticket_created' THEN coalesce((SELECT t.`subject` FROM `tickets` t WHERE t.`tenant_id` = e.`tenant_id` AND t.`id` = e.`ticket_id`), '') ELSE '' END
       || char(10) || coalesce((SELECT m.`body_text` FROM `messages` m WHERE m.`tenant_id` = e.`tenant_id` AND m.`id` = e.`message_id`), '') AS `text`
FROM `ticket_events` e
WHERE e.`type` = 'ticket_created' OR e.`message_id` IS NOT NULL
UNION ALL
SELECT 'customer', `row_id`, `tenant_id`, `content` FROM `customer_search_source`;
--> statement-breakpoint
-- The tokens of each text, space-separated, for the texts that have a CJK character (`has_cjk`:
-- select by it, so `grams` is computed only for those). Positions are counted in chunks of 256
-- characters (json_each over a list of zeros is the row generator): finding a character costs a
-- walk of its chunk, not of the whole text (substr walks UTF-8 text from the start); a chunk's
-- 257th character completes the bigram at its end.
CREATE VIEW `cjk_search_grams` AS
SELECT `index_name`, `row_id`, `tenant_id`,
       `text` GLOB '*[぀-ㇿ㐀-鿿가-힯豈-﫿𠀀-𿿽]*' AS `has_cjk`,
       (SELECT group_concat(
                 hex(substr(s.`tenant_id`, -6)) || substr(c.`value`, p.`key` + 1, 1)
                 || CASE WHEN substr(c.`value`, p.`key` + 2, 1) GLOB '[぀-ㇿ㐀-鿿가-힯豈-﫿𠀀-𿿽]'
                         THEN ' ' || hex(substr(s.`tenant_id`, -6)) || substr(c.`value`, p.`key` + 1, 2) ELSE '' END,
                 ' ')
        FROM json_each('[' || replace(hex(zeroblob((length(s.`text`) - 1) / 256)), '00', '0,') || '0]') n,
             json_each(json_array(substr(s.`text`, n.`key` * 256 + 1, 257))) c,
             json_each('[' || replace(hex(zeroblob(min(length(c.`value`), 256) - 1)), '00', '0,') || '0]') p
        WHERE substr(c.`value`, p.`key` + 1, 1) GLOB '[぀-ㇿ㐀-鿿가-힯豈-﫿𠀀-𿿽]') AS `grams`
FROM `cjk_search_text` s;
--> statement-breakpoint
-- Tickets: a subject or message event is indexed when written (OR REPLACE: the erasure rewrites
-- subject events under the same id) and forgotten when deleted; a changed subject or message
-- body (erasure) is indexed again.
CREATE TRIGGER `ticket_cjk_index_event` AFTER INSERT ON `ticket_events`
WHEN new.`type` = 'ticket_created' OR new.`message_id` IS NOT NULL
BEGIN
  INSERT OR REPLACE INTO `ticket_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams` WHERE `index_name` = 'ticket' AND `row_id` = new.`id` AND `has_cjk`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_cjk_forget_event` AFTER DELETE ON `ticket_events`
WHEN old.`type` = 'ticket_created' OR old.`message_id` IS NOT NULL
BEGIN
  DELETE FROM `ticket_cjk_search` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_cjk_subject_changed` AFTER UPDATE OF `subject` ON `tickets`
WHEN old.`subject` IS NOT new.`subject`
BEGIN
  DELETE FROM `ticket_cjk_search` WHERE `rowid` IN (SELECT `id` FROM `ticket_events` WHERE `tenant_id` = new.`tenant_id` AND `ticket_id` = new.`id` AND `type` = 'ticket_created');
  INSERT INTO `ticket_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'ticket' AND `has_cjk`
    AND `row_id` IN (SELECT `id` FROM `ticket_events` WHERE `tenant_id` = new.`tenant_id` AND `ticket_id` = new.`id` AND `type` = 'ticket_created');
END;
--> statement-breakpoint
CREATE TRIGGER `ticket_cjk_message_changed` AFTER UPDATE OF `body_text` ON `messages`
WHEN old.`body_text` IS NOT new.`body_text`
BEGIN
  DELETE FROM `ticket_cjk_search` WHERE `rowid` IN (SELECT `id` FROM `ticket_events` WHERE `tenant_id` = new.`tenant_id` AND `ticket_id` = new.`ticket_id` AND `message_id` = new.`id`);
  INSERT INTO `ticket_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'ticket' AND `has_cjk`
    AND `row_id` IN (SELECT `id` FROM `ticket_events` WHERE `tenant_id` = new.`tenant_id` AND `ticket_id` = new.`ticket_id` AND `message_id` = new.`id`);
END;
--> statement-breakpoint
-- Customers: indexed when customer_search_rows gives them their row (migration 0009's triggers
-- insert it when the customer is created), again when their name, organisation or addresses change.
CREATE TRIGGER `customer_cjk_add` AFTER INSERT ON `customer_search_rows`
BEGIN
  INSERT OR REPLACE INTO `customer_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams` WHERE `index_name` = 'customer' AND `row_id` = new.`id` AND `has_cjk`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_cjk_forget` AFTER DELETE ON `customer_search_rows`
BEGIN
  DELETE FROM `customer_cjk_search` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_cjk_update` AFTER UPDATE OF `name`, `organization` ON `customers`
BEGIN
  DELETE FROM `customer_cjk_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`id`);
  INSERT INTO `customer_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'customer' AND `has_cjk`
    AND `row_id` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_cjk_email_added` AFTER INSERT ON `customer_emails`
BEGIN
  DELETE FROM `customer_cjk_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`customer_id`);
  INSERT INTO `customer_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'customer' AND `has_cjk`
    AND `row_id` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_cjk_email_removed` AFTER DELETE ON `customer_emails`
BEGIN
  DELETE FROM `customer_cjk_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`customer_id`);
  INSERT INTO `customer_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'customer' AND `has_cjk`
    AND `row_id` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `customer_cjk_email_moved` AFTER UPDATE OF `email`, `customer_id` ON `customer_emails`
BEGIN
  DELETE FROM `customer_cjk_search` WHERE `rowid` IN (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` IN (old.`customer_id`, new.`customer_id`));
  INSERT INTO `customer_cjk_search` (`rowid`, `grams`)
  SELECT `row_id`, `grams` FROM `cjk_search_grams`
  WHERE `index_name` = 'customer' AND `has_cjk`
    AND `row_id` IN (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` IN (old.`customer_id`, new.`customer_id`));
END;
--> statement-breakpoint
-- Index what was written before this migration.
INSERT INTO `ticket_cjk_search` (`rowid`, `grams`) SELECT `row_id`, `grams` FROM `cjk_search_grams` WHERE `index_name` = 'ticket' AND `has_cjk`;
--> statement-breakpoint
INSERT INTO `customer_cjk_search` (`rowid`, `grams`) SELECT `row_id`, `grams` FROM `cjk_search_grams` WHERE `index_name` = 'customer' AND `has_cjk`;

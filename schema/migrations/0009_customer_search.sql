-- Hand-written (drizzle-kit cannot express virtual tables, views or triggers).
--
-- Customer search, as ticket search: an FTS5 trigram index of each customer's name,
-- organisation and addresses, kept by triggers, so a search reads index entries instead of
-- every customer row, and any length of query works (D1 refuses LIKE patterns over 50 bytes).
-- Terms shorter than three characters (Chinese names: 王芳) still scan the workspace's own
-- customers through their tenant-first indexes (customer-store.ts).
--
-- customers.id is text, so its rowid is not stable (VACUUM or a table rebuild renumbers it);
-- customer_search_rows gives each customer a stable integer for the index's rowid.
CREATE TABLE `customer_search_rows` (
  `id` integer PRIMARY KEY,
  `tenant_id` text NOT NULL,
  `customer_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_search_rows_customer` ON `customer_search_rows` (`tenant_id`, `customer_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `customer_search` USING fts5(
  `tenant_id` UNINDEXED,
  `customer_id` UNINDEXED,
  `content`,
  tokenize = 'trigram'
);
--> statement-breakpoint
-- What is indexed for a customer: name, organisation, every address.
CREATE VIEW `customer_search_source` AS
SELECT r.`id` AS `row_id`, c.`tenant_id`, c.`id` AS `customer_id`,
       c.`name` || ' ' || coalesce(c.`organization`, '') || ' ' ||
       coalesce((SELECT group_concat(e.`email`, ' ') FROM `customer_emails` e WHERE e.`tenant_id` = c.`tenant_id` AND e.`customer_id` = c.`id`), '') AS `content`
FROM `customers` c JOIN `customer_search_rows` r ON r.`tenant_id` = c.`tenant_id` AND r.`customer_id` = c.`id`;
--> statement-breakpoint
CREATE TRIGGER `customer_search_add` AFTER INSERT ON `customers`
BEGIN
  INSERT INTO `customer_search_rows` (`tenant_id`, `customer_id`) VALUES (new.`tenant_id`, new.`id`);
  INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
  SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_update` AFTER UPDATE OF `name`, `organization` ON `customers`
BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`id`);
  INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
  SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_forget` AFTER DELETE ON `customers`
BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`id`);
  DELETE FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_email_added` AFTER INSERT ON `customer_emails`
BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`customer_id`);
  INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
  SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source` WHERE `tenant_id` = new.`tenant_id` AND `customer_id` = new.`customer_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `customer_search_email_removed` AFTER DELETE ON `customer_emails`
BEGIN
  DELETE FROM `customer_search` WHERE `rowid` = (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`customer_id`);
  INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
  SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` = old.`customer_id`;
END;
--> statement-breakpoint
-- A merge moves addresses from one customer to another: both are indexed again.
CREATE TRIGGER `customer_search_email_moved` AFTER UPDATE OF `email`, `customer_id` ON `customer_emails`
BEGIN
  DELETE FROM `customer_search` WHERE `rowid` IN (SELECT `id` FROM `customer_search_rows` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` IN (old.`customer_id`, new.`customer_id`));
  INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
  SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source` WHERE `tenant_id` = old.`tenant_id` AND `customer_id` IN (old.`customer_id`, new.`customer_id`);
END;
--> statement-breakpoint
-- Index the customers created before this migration.
INSERT INTO `customer_search_rows` (`tenant_id`, `customer_id`) SELECT `tenant_id`, `id` FROM `customers`;
--> statement-breakpoint
INSERT INTO `customer_search` (`rowid`, `tenant_id`, `customer_id`, `content`)
SELECT `row_id`, `tenant_id`, `customer_id`, `content` FROM `customer_search_source`;

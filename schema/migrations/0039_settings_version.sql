ALTER TABLE `tenants` ADD `settings_version` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Never the same value twice, so a reset or restored database cannot match a value an isolate cached;
-- 53 bits, so JavaScript reads it exactly.
UPDATE `tenants` SET `settings_version` = (random() >> 11);
--> statement-breakpoint
CREATE TRIGGER `settings_version_new_tenant` AFTER INSERT ON `tenants`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
-- A change to the workspace's own row, but for its counters (a ticket's number, the SLA recompute cursor) and this column.
CREATE TRIGGER `settings_version_tenant` AFTER UPDATE ON `tenants`
WHEN old.`last_ticket_number` IS new.`last_ticket_number` AND old.`sla_recompute_cursor` IS new.`sla_recompute_cursor` AND old.`settings_version` IS new.`settings_version`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_sla_policies_insert` AFTER INSERT ON `sla_policies`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_sla_policies_update` AFTER UPDATE ON `sla_policies`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_sla_policies_delete` AFTER DELETE ON `sla_policies`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_business_calendars_insert` AFTER INSERT ON `business_calendars`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_business_calendars_update` AFTER UPDATE ON `business_calendars`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_business_calendars_delete` AFTER DELETE ON `business_calendars`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_triggers_insert` AFTER INSERT ON `triggers`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_triggers_update` AFTER UPDATE ON `triggers`
WHEN old.`fired_count` IS new.`fired_count`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_triggers_delete` AFTER DELETE ON `triggers`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_webhooks_insert` AFTER INSERT ON `webhooks`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_webhooks_update` AFTER UPDATE ON `webhooks`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_webhooks_delete` AFTER DELETE ON `webhooks`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_macros_insert` AFTER INSERT ON `macros`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_macros_update` AFTER UPDATE ON `macros`
WHEN old.`usage_count` IS new.`usage_count`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_macros_delete` AFTER DELETE ON `macros`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_users_insert` AFTER INSERT ON `users`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_users_update` AFTER UPDATE ON `users`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_users_delete` AFTER DELETE ON `users`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_groups_insert` AFTER INSERT ON `groups`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_groups_update` AFTER UPDATE ON `groups`
WHEN old.`round_robin_cursor` IS new.`round_robin_cursor`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_groups_delete` AFTER DELETE ON `groups`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_group_members_insert` AFTER INSERT ON `group_members`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_group_members_update` AFTER UPDATE ON `group_members`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_group_members_delete` AFTER DELETE ON `group_members`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_support_addresses_insert` AFTER INSERT ON `support_addresses`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
-- Not when mail only arrives through it (`last_received_at`).
CREATE TRIGGER `settings_version_support_addresses_update` AFTER UPDATE ON `support_addresses`
WHEN old.`last_received_at` IS new.`last_received_at` OR old.`verified_at` IS NOT new.`verified_at`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = new.`tenant_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `settings_version_support_addresses_delete` AFTER DELETE ON `support_addresses`
BEGIN
  UPDATE `tenants` SET `settings_version` = (random() >> 11) WHERE `id` = old.`tenant_id`;
END;

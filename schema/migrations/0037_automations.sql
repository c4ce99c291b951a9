CREATE TABLE `automation_firings` (
	`tenant_id` text NOT NULL,
	`automation_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`window_key` integer NOT NULL,
	`fired_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `automation_id`, `ticket_id`, `window_key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`automation_id`) REFERENCES `automations`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `automations` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`position` integer NOT NULL,
	`conditions` text NOT NULL,
	`actions` text NOT NULL,
	`preset` text,
	`fired_count` integer DEFAULT 0 NOT NULL,
	`last_fired_at` integer,
	`next_run_at` integer NOT NULL,
	`scan_cursor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automations_tenant_id` ON `automations` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `automations_tenant_active_position` ON `automations` (`tenant_id`,`active`,`position`);--> statement-breakpoint
CREATE INDEX `automations_due` ON `automations` (`next_run_at`) WHERE "automations"."active" = 1;--> statement-breakpoint
ALTER TABLE `tickets` ADD `status_changed_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `last_customer_message_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `last_agent_message_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `task_of_id` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `due_at` integer;--> statement-breakpoint
-- Backfill (docs/rules.md "Automations"): a stored ticket's entry into its status is taken as its last update (never earlier than it was), its message times from its messages.
UPDATE `tickets` SET `status_changed_at` = `updated_at`;--> statement-breakpoint
UPDATE `tickets` SET `last_customer_message_at` = (SELECT max(m.`created_at`) FROM `messages` m WHERE m.`tenant_id` = `tickets`.`tenant_id` AND m.`ticket_id` = `tickets`.`id` AND m.`kind` = 'customer'), `last_agent_message_at` = (SELECT max(m.`created_at`) FROM `messages` m WHERE m.`tenant_id` = `tickets`.`tenant_id` AND m.`ticket_id` = `tickets`.`id` AND m.`kind` = 'reply' AND m.`author_user_id` IS NOT NULL);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_created` ON `tickets` (`tenant_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_since` ON `tickets` (`tenant_id`,`status`,`status_changed_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_customer_message` ON `tickets` (`tenant_id`,`status`,`last_customer_message_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_agent_message` ON `tickets` (`tenant_id`,`status`,`last_agent_message_at`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_task_of` ON `tickets` (`tenant_id`,`task_of_id`) WHERE "tickets"."task_of_id" is not null;
CREATE TABLE `business_calendars` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`weekly` text NOT NULL,
	`holidays` text NOT NULL,
	`workdays` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_calendars_tenant_id` ON `business_calendars` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `business_calendars_tenant_name` ON `business_calendars` (`tenant_id`,`name`);--> statement-breakpoint
CREATE TABLE `sla_alerts` (
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`metric` text NOT NULL,
	`instance` integer NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `ticket_id`, `metric`, `instance`, `kind`),
	FOREIGN KEY (`tenant_id`,`ticket_id`) REFERENCES `tickets`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sla_clocks` (
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`metric` text NOT NULL,
	`instance` integer NOT NULL,
	`policy_id` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`due_at` integer,
	`warn_at` integer,
	`fulfilled_at` integer,
	`breached_at` integer,
	`pauses` text NOT NULL,
	`target_minutes` integer NOT NULL,
	`business_hours` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `ticket_id`, `metric`, `instance`),
	FOREIGN KEY (`tenant_id`,`ticket_id`) REFERENCES `tickets`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sla_clocks_warn` ON `sla_clocks` (`state`,`warn_at`);--> statement-breakpoint
CREATE INDEX `sla_clocks_due` ON `sla_clocks` (`state`,`due_at`);--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`conditions` text NOT NULL,
	`targets` text NOT NULL,
	`paused_statuses` text NOT NULL,
	`calendar_id` text,
	`warn_before_minutes` integer DEFAULT 30 NOT NULL,
	`escalate_priority` text,
	`escalate_group_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`calendar_id`) REFERENCES `business_calendars`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tenant_id`,`escalate_group_id`) REFERENCES `groups`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sla_policies_tenant_id` ON `sla_policies` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `sla_policies_tenant_position` ON `sla_policies` (`tenant_id`,`position`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `default_calendar_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `auto_close_days` integer DEFAULT 4;--> statement-breakpoint
ALTER TABLE `tenants` ADD `sla_recompute_cursor` text;--> statement-breakpoint
CREATE INDEX `tickets_status_solved` ON `tickets` (`status`,`solved_at`);
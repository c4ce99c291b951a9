CREATE TABLE `survey_settings` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`delay_minutes` integer DEFAULT 1440 NOT NULL,
	`scale` text DEFAULT 'good_bad' NOT NULL,
	`question` text,
	`allow_comment` integer DEFAULT true NOT NULL,
	`language` text DEFAULT 'auto' NOT NULL,
	`resend_after_reopen` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`solved_at` integer NOT NULL,
	`scale` text NOT NULL,
	`language` text NOT NULL,
	`rating` integer,
	`comment` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`ticket_id`) REFERENCES `tickets`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`customer_id`) REFERENCES `customers`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_tenant_id` ON `surveys` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_tenant_ticket_solve` ON `surveys` (`tenant_id`,`ticket_id`,`solved_at`);--> statement-breakpoint
CREATE INDEX `surveys_tenant_created` ON `surveys` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`event` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`response_status` integer,
	`last_error` text,
	`next_attempt_at` integer,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`webhook_id`) REFERENCES `webhooks`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_tenant_webhook` ON `webhook_deliveries` (`tenant_id`,`webhook_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`format` text NOT NULL,
	`events` text NOT NULL,
	`secret` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhooks_tenant_id` ON `webhooks` (`tenant_id`,`id`);--> statement-breakpoint
DROP INDEX `tickets_status_solved`;--> statement-breakpoint
ALTER TABLE `tickets` ADD `survey_for_solve` integer;--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_solved` ON `tickets` (`tenant_id`,`status`,`solved_at`);--> statement-breakpoint
CREATE INDEX `tickets_survey_pending` ON `tickets` (`solved_at`) WHERE "tickets"."solved_at" is not null and ("tickets"."survey_for_solve" is null or "tickets"."survey_for_solve" <> "tickets"."solved_at");--> statement-breakpoint
DROP INDEX `sla_clocks_due`;--> statement-breakpoint
ALTER TABLE `sla_clocks` ADD `breach_alerted` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `sla_clocks_due` ON `sla_clocks` (`state`,`breach_alerted`,`due_at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `survey_opt_out` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `rate_limits_window_start` ON `rate_limits` (`window_start`);--> statement-breakpoint
CREATE INDEX `tenants_sla_recompute_pending` ON `tenants` (`sla_recompute_cursor`) WHERE "tenants"."sla_recompute_cursor" is not null;--> statement-breakpoint
-- Hand-written: tickets solved before surveys existed are not surveyed after the fact.
UPDATE `tickets` SET `survey_for_solve` = `solved_at` WHERE `solved_at` IS NOT NULL;
--> statement-breakpoint
-- Hand-written: clocks already alerted keep out of the cron's scans (no second alert on upgrade).
UPDATE `sla_clocks` SET `breach_alerted` = 1 WHERE EXISTS (SELECT 1 FROM `sla_alerts` a WHERE a.`tenant_id` = `sla_clocks`.`tenant_id` AND a.`ticket_id` = `sla_clocks`.`ticket_id` AND a.`metric` = `sla_clocks`.`metric` AND a.`instance` = `sla_clocks`.`instance` AND a.`kind` = 'breach');--> statement-breakpoint
UPDATE `sla_clocks` SET `warn_at` = NULL WHERE EXISTS (SELECT 1 FROM `sla_alerts` a WHERE a.`tenant_id` = `sla_clocks`.`tenant_id` AND a.`ticket_id` = `sla_clocks`.`ticket_id` AND a.`metric` = `sla_clocks`.`metric` AND a.`instance` = `sla_clocks`.`instance` AND a.`kind` = 'warning');

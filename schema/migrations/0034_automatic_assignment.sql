ALTER TABLE `groups` ADD `assignment_method` text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `assignment_cap` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `assignment_skills` text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `calendar_id` text;--> statement-breakpoint
ALTER TABLE `groups` ADD `return_to_pool_minutes` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `round_robin_cursor` text;--> statement-breakpoint
CREATE INDEX `groups_assigning` ON `groups` (`tenant_id`,`id`) WHERE "groups"."assignment_method" <> 'off';--> statement-breakpoint
ALTER TABLE `users` ADD `available` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `available_changed_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `skill_tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `skill_languages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_waiting_assignment` ON `tickets` (`tenant_id`,`group_id`,`created_at`) WHERE "tickets"."assignee_id" is null and "tickets"."automatic" = 0 and "tickets"."status" in ('new', 'open');--> statement-breakpoint
CREATE INDEX `tickets_assignee_open` ON `tickets` (`tenant_id`,`assignee_id`) WHERE "tickets"."automatic" = 0 and "tickets"."status" in ('new', 'open');
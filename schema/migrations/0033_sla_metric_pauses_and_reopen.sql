ALTER TABLE `sla_policies` ADD `paused_statuses_by_metric` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `sla_policies` ADD `reopen_resumes` integer DEFAULT false NOT NULL;
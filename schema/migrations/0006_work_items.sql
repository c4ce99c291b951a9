CREATE TABLE `work_items` (
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`ticket_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`owed_at` integer NOT NULL,
	`first_failed_at` integer,
	`last_failed_at` integer,
	`next_attempt_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `kind`, `item_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `work_items_due` ON `work_items` (`kind`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `work_items_failed` ON `work_items` (`tenant_id`,`last_failed_at`);
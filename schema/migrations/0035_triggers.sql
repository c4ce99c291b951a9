CREATE TABLE `triggers` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`position` integer NOT NULL,
	`events` text NOT NULL,
	`conditions` text NOT NULL,
	`actions` text NOT NULL,
	`fired_count` integer DEFAULT 0 NOT NULL,
	`last_fired_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `triggers_tenant_id` ON `triggers` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `triggers_tenant_active_position` ON `triggers` (`tenant_id`,`active`,`position`);
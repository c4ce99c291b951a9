CREATE TABLE `macros` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`owner_id` text,
	`title` text NOT NULL,
	`reply_text` text DEFAULT '' NOT NULL,
	`reply_kind` text DEFAULT 'reply' NOT NULL,
	`actions` text DEFAULT '[]' NOT NULL,
	`usage_count` integer DEFAULT 0 NOT NULL,
	`last_used_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`owner_id`) REFERENCES `users`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `macros_tenant_id` ON `macros` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `macros_tenant_owner` ON `macros` (`tenant_id`,`owner_id`);--> statement-breakpoint
-- Standard replies become shared macros (docs/rules.md "Macros"): same id, title and times, the text as a public reply, no actions. The old table stays, unused.
INSERT INTO `macros` (`id`, `tenant_id`, `owner_id`, `title`, `reply_text`, `reply_kind`, `actions`, `usage_count`, `last_used_at`, `created_at`, `updated_at`)
SELECT `id`, `tenant_id`, NULL, `title`, `body`, 'reply', '[]', 0, NULL, `created_at`, `updated_at` FROM `standard_replies`;

CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`message_id` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`content_id` text,
	`inline` integer DEFAULT false NOT NULL,
	`storage_key` text,
	`dropped_reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`,`message_id`) REFERENCES `messages`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_tenant_id` ON `attachments` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `attachments_tenant_message` ON `attachments` (`tenant_id`,`message_id`);--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`support_address_id` text,
	`dedupe_key` text NOT NULL,
	`envelope_from` text NOT NULL,
	`envelope_to` text NOT NULL,
	`raw_key` text NOT NULL,
	`raw_size` integer NOT NULL,
	`status` text NOT NULL,
	`detail` text,
	`from_address` text,
	`subject` text,
	`ticket_id` text,
	`message_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_tenant_dedupe` ON `inbound_messages` (`tenant_id`,`dedupe_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_tenant_id` ON `inbound_messages` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_tenant_status` ON `inbound_messages` (`tenant_id`,`status`,`received_at`);--> statement-breakpoint
CREATE TABLE `mail_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text,
	`envelope_from` text NOT NULL,
	`envelope_to` text NOT NULL,
	`raw_size` integer NOT NULL,
	`outcome` text NOT NULL,
	`inbound_message_id` text,
	`ticket_id` text,
	`detail` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_deliveries_tenant_created` ON `mail_deliveries` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `spam_blocklist` (
	`tenant_id` text NOT NULL,
	`pattern` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `pattern`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `support_addresses` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`address` text NOT NULL,
	`display_name` text NOT NULL,
	`built_in` integer DEFAULT false NOT NULL,
	`default_group_id` text,
	`default_priority` text DEFAULT 'normal' NOT NULL,
	`plus_addressing` integer DEFAULT true NOT NULL,
	`auto_ack_enabled` integer DEFAULT true NOT NULL,
	`auto_ack_subject` text NOT NULL,
	`auto_ack_body` text NOT NULL,
	`verification_code` text NOT NULL,
	`verified_at` integer,
	`last_received_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tenant_id`,`default_group_id`) REFERENCES `groups`(`tenant_id`,`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `support_addresses_address_unique` ON `support_addresses` (`address`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_addresses_tenant_id` ON `support_addresses` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `support_addresses_tenant_created` ON `support_addresses` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `ticket_participants` (
	`tenant_id` text NOT NULL,
	`ticket_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `ticket_id`, `email`),
	FOREIGN KEY (`tenant_id`,`ticket_id`) REFERENCES `tickets`(`tenant_id`,`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `tenants` ADD `spam_score_threshold` real;--> statement-breakpoint
ALTER TABLE `tenants` ADD `spam_score_header` text DEFAULT 'x-cf-spamh-score' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `quoted_text` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `from_address` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `from_name` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `automatic` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `inbound_message_id` text;--> statement-breakpoint
ALTER TABLE `outbound_messages` ADD `bounced_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `follow_up_of_id` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `support_address_id` text;
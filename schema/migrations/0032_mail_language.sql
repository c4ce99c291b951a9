ALTER TABLE `tenants` ADD `default_language` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `language` text;--> statement-breakpoint
ALTER TABLE `support_addresses` ADD `auto_ack_subject_zh` text;--> statement-breakpoint
ALTER TABLE `support_addresses` ADD `auto_ack_body_zh` text;
ALTER TABLE `outbound_messages` ADD `cc` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbound_messages` ADD `bcc` text DEFAULT '[]' NOT NULL;
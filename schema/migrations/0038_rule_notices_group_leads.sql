ALTER TABLE `groups` ADD `lead_user_id` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `text` text;
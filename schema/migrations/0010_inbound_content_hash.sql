ALTER TABLE `inbound_messages` ADD `content_hash` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `message_id_reused_of` text;
ALTER TABLE `tenants` ADD `new_subject_new_ticket` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `thread_key` text;--> statement-breakpoint
CREATE INDEX `messages_tenant_thread_key` ON `messages` (`tenant_id`,`thread_key`) WHERE "messages"."thread_key" is not null;--> statement-breakpoint
ALTER TABLE `outbound_messages` ADD `thread_key` text;--> statement-breakpoint
CREATE INDEX `outbound_tenant_thread_key` ON `outbound_messages` (`tenant_id`,`thread_key`) WHERE "outbound_messages"."thread_key" is not null;
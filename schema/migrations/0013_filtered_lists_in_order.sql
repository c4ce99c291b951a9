DROP INDEX `tickets_tenant_status_updated`;--> statement-breakpoint
DROP INDEX `tickets_tenant_assignee_updated`;--> statement-breakpoint
DROP INDEX `tickets_tenant_group_updated`;--> statement-breakpoint
DROP INDEX `tickets_tenant_requester`;--> statement-breakpoint
CREATE INDEX `tickets_tenant_status_updated` ON `tickets` (`tenant_id`,`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_assignee_updated` ON `tickets` (`tenant_id`,`assignee_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_group_updated` ON `tickets` (`tenant_id`,`group_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_tenant_requester` ON `tickets` (`tenant_id`,`requester_id`,`updated_at`,`id`);
ALTER TABLE `tickets` ADD `automatic` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_tenant_automatic_updated` ON `tickets` (`tenant_id`,`updated_at`,`id`) WHERE "tickets"."automatic" = 1;--> statement-breakpoint
-- Tickets automatic mail started and nobody has worked on yet move to the Automatic view.
UPDATE `tickets` SET `automatic` = 1 WHERE `status` = 'new' AND EXISTS (SELECT 1 FROM `messages` m WHERE m.`tenant_id` = `tickets`.`tenant_id` AND m.`ticket_id` = `tickets`.`id` AND m.`kind` = 'customer' AND m.`automatic` = 1) AND NOT EXISTS (SELECT 1 FROM `messages` m WHERE m.`tenant_id` = `tickets`.`tenant_id` AND m.`ticket_id` = `tickets`.`id` AND ((m.`kind` = 'customer' AND m.`automatic` = 0) OR m.`kind` <> 'customer'));

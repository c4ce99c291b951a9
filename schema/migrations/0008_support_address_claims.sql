DROP INDEX `support_addresses_address_unique`;--> statement-breakpoint
CREATE UNIQUE INDEX `support_addresses_tenant_address` ON `support_addresses` (`tenant_id`,`address`);--> statement-breakpoint
CREATE UNIQUE INDEX `support_addresses_verified_address` ON `support_addresses` (`address`) WHERE verified_at is not null;
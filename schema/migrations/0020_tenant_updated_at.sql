ALTER TABLE `tenants` ADD `updated_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Existing workspaces: their settings are as old as the workspace.
UPDATE `tenants` SET `updated_at` = `created_at`;

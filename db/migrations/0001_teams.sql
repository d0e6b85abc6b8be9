CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_account_name_unique` ON `projects` (`account_id`,`name`);--> statement-breakpoint
CREATE TABLE `service_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `service_accounts_account_idx` ON `service_accounts` (`account_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text DEFAULT 'personal' NOT NULL,
	`user_id` text,
	`service_account_id` text,
	`project_id` text,
	`permission` text DEFAULT 'read-write' NOT NULL,
	`resources` text,
	`name` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`previous_secret_hash` blob,
	`previous_secret_expires_at` integer,
	`previous_secret_last_used_at` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`disabled_at` integer,
	`regenerated_at` integer,
	`last_used_at` integer,
	`last_used_ip` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_account_id`) REFERENCES `service_accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "api_keys_owner_matches_kind" CHECK(("kind" = 'personal' AND "user_id" IS NOT NULL AND "service_account_id" IS NULL AND "project_id" IS NULL)
        OR ("kind" = 'service' AND "service_account_id" IS NOT NULL AND "user_id" IS NULL AND "project_id" IS NULL)
        OR ("kind" = 'organization' AND "project_id" IS NOT NULL AND "user_id" IS NULL AND "service_account_id" IS NULL))
);
--> statement-breakpoint
INSERT INTO `__new_api_keys`("id", "account_id", "user_id", "name", "secret_hash", "previous_secret_hash", "previous_secret_expires_at", "previous_secret_last_used_at", "created_at", "expires_at", "revoked_at", "regenerated_at", "last_used_at", "last_used_ip") SELECT "id", "account_id", "user_id", "name", "secret_hash", "previous_secret_hash", "previous_secret_expires_at", "previous_secret_last_used_at", "created_at", "expires_at", "revoked_at", "regenerated_at", "last_used_at", "last_used_ip" FROM `api_keys`;--> statement-breakpoint
DROP TABLE `api_keys`;--> statement-breakpoint
ALTER TABLE `__new_api_keys` RENAME TO `api_keys`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `api_keys_account_user_idx` ON `api_keys` (`account_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `api_keys_service_account_idx` ON `api_keys` (`service_account_id`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `max_organization_keys` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `actor_label` text;--> statement-breakpoint
ALTER TABLE `invitations` ADD `revoked_at` integer;
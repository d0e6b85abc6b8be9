CREATE TABLE `sign_in_address_failures` (
	`address` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `confirmed_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Sessions opened before this migration proved the password when they were created.
UPDATE `sessions` SET `confirmed_at` = `created_at`;

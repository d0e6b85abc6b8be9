CREATE TABLE `device_logins` (
	`id` text PRIMARY KEY NOT NULL,
	`device_code_hash` blob NOT NULL,
	`user_code_hash` blob NOT NULL,
	`public_key` text NOT NULL,
	`client_host` text NOT NULL,
	`client_platform` text NOT NULL,
	`client_version` text NOT NULL,
	`request_ip` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`interval_seconds` integer DEFAULT 5 NOT NULL,
	`last_polled_at` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_at` integer,
	`decided_by_user_id` text,
	`account_id` text,
	`key_id` text,
	`sealed_token` text,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `device_logins_device_code_idx` ON `device_logins` (`device_code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `device_logins_user_code_idx` ON `device_logins` (`user_code_hash`);--> statement-breakpoint
CREATE INDEX `device_logins_expires_idx` ON `device_logins` (`expires_at`);
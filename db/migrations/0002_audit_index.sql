CREATE INDEX `audit_log_account_id_idx` ON `audit_log` (`account_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_account_action_idx` ON `audit_log` (`account_id`,`action`);
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`actor_key_id` text,
	`action` text NOT NULL,
	`target` text,
	`summary` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE INDEX `audit_log_site_at` ON `audit_log` (`site_id`,`at`,`id`);
ALTER TABLE `api_keys` ADD `scope` text DEFAULT 'admin' NOT NULL;
ALTER TABLE `sites` ADD `suspended_at` integer;
ALTER TABLE `sites` ADD `alert_email_confirmed` text;
ALTER TABLE `sites` ADD `email_daily_cap` integer DEFAULT 50 NOT NULL;
CREATE INDEX `alerts_site_sent` ON `alerts` (`site_id`,`channel`,`sent_at`);
-- hand-written
-- alert addresses set before confirmation existed keep receiving mail: they count as confirmed
UPDATE `sites` SET `alert_email_confirmed` = json_extract(`alerts`, '$.email') WHERE json_extract(`alerts`, '$.email') IS NOT NULL;

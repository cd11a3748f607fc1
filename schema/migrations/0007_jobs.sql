CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT '{}' NOT NULL,
	`result` text,
	`error` text,
	`lease_until` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`superseded_by` text,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE INDEX `jobs_runnable` ON `jobs` (`status`,`lease_until`);
CREATE INDEX `jobs_site` ON `jobs` (`site_id`,`kind`,`status`);
CREATE TABLE `job_rows` (
	`job_id` text NOT NULL,
	`seq` integer NOT NULL,
	`rank` integer DEFAULT 0 NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`job_id`, `seq`),
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE INDEX `job_rows_rank` ON `job_rows` (`job_id`,`rank`);
ALTER TABLE `sites` ADD `deleted_at` integer;
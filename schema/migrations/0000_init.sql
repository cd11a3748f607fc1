CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`transition_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_status` integer,
	`last_error` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE UNIQUE INDEX `alerts_once` ON `alerts` (`transition_id`,`channel`);
CREATE INDEX `alerts_due` ON `alerts` (`status`,`next_attempt_at`);
CREATE INDEX `alerts_lead` ON `alerts` (`lead_id`);
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`key_hash`);
CREATE INDEX `api_keys_site` ON `api_keys` (`site_id`);
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`lead_id` text,
	`eid` text NOT NULL,
	`type` text NOT NULL,
	`path` text,
	`name` text,
	`seconds` integer,
	`props` text,
	`at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`imported` integer DEFAULT false NOT NULL
);

CREATE UNIQUE INDEX `events_visitor_eid` ON `events` (`visitor_id`,`eid`);
CREATE INDEX `events_lead_at` ON `events` (`lead_id`,`at`);
CREATE INDEX `events_site_at` ON `events` (`site_id`,`at`);
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`email` text NOT NULL,
	`account_domain` text,
	`name` text,
	`company` text,
	`title` text,
	`profile` text DEFAULT '{}' NOT NULL,
	`stage` text DEFAULT 'known' NOT NULL,
	`outcome` text,
	`outcome_at` integer,
	`score` real DEFAULT 0 NOT NULL,
	`engagement_score` real DEFAULT 0 NOT NULL,
	`fit_score` real DEFAULT 0 NOT NULL,
	`grade` text DEFAULT 'D4' NOT NULL,
	`score_state` text,
	`breakdown` text DEFAULT '[]' NOT NULL,
	`scored_at` integer NOT NULL,
	`model_version` integer DEFAULT 0 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`mql_at` integer,
	`sql_at` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE UNIQUE INDEX `leads_site_email` ON `leads` (`site_id`,`email`);
CREATE INDEX `leads_site_score` ON `leads` (`site_id`,`score`,`id`);
CREATE INDEX `leads_site_last_seen` ON `leads` (`site_id`,`last_seen_at`,`id`);
CREATE INDEX `leads_site_account` ON `leads` (`site_id`,`account_domain`);
CREATE TABLE `scoring_models` (
	`site_id` text NOT NULL,
	`version` integer NOT NULL,
	`model` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `version`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`site_key` text NOT NULL,
	`name` text NOT NULL,
	`domains` text NOT NULL,
	`alerts` text DEFAULT '{}' NOT NULL,
	`channel_health` text DEFAULT '{}' NOT NULL,
	`webhook_secret` text,
	`alert_on_mql` integer DEFAULT false NOT NULL,
	`alert_cooldown_days` integer DEFAULT 30 NOT NULL,
	`retention_days` integer DEFAULT 395 NOT NULL,
	`model_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);

CREATE UNIQUE INDEX `sites_site_key` ON `sites` (`site_key`);
CREATE TABLE `stage_transitions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`from_stage` text NOT NULL,
	`to_stage` text NOT NULL,
	`epoch` integer DEFAULT 0 NOT NULL,
	`source` text NOT NULL,
	`reason` text,
	`score` real,
	`at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);

CREATE UNIQUE INDEX `stage_transitions_once` ON `stage_transitions` (`lead_id`,`to_stage`,`epoch`);
CREATE INDEX `stage_transitions_site` ON `stage_transitions` (`site_id`,`at`);
CREATE TABLE `visitors` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`vid` text NOT NULL,
	`lead_id` text,
	`country` text,
	`score` real DEFAULT 0 NOT NULL,
	`score_state` text,
	`scored_at` integer NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE set null
);

CREATE UNIQUE INDEX `visitors_site_vid` ON `visitors` (`site_id`,`vid`);
CREATE INDEX `visitors_lead` ON `visitors` (`lead_id`);
CREATE TABLE `write_guards` (
	`id` integer PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	CONSTRAINT "write_guards_ok" CHECK("write_guards"."ok" = 1)
);

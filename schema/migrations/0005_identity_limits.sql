ALTER TABLE `leads` ADD `identity_verified` integer DEFAULT false NOT NULL;
ALTER TABLE `sites` ADD `identity_secret` text;
ALTER TABLE `sites` ADD `require_verified_identity` integer DEFAULT false NOT NULL;
ALTER TABLE `sites` ADD `ingest_limits` text DEFAULT '{}' NOT NULL;
ALTER TABLE `sites` ADD `dropped_events` integer DEFAULT 0 NOT NULL;
ALTER TABLE `visitors` ADD `identity_verified` integer DEFAULT false NOT NULL;
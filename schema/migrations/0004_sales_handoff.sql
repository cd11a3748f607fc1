ALTER TABLE `leads` ADD `outcome_source` text;
ALTER TABLE `leads` ADD `recycled_at` integer;
CREATE INDEX `leads_site_stage_sql` ON `leads` (`site_id`,`stage`,`sql_at`);
ALTER TABLE `sites` ADD `sales_sla_hours` integer;
ALTER TABLE `sites` ADD `slack_signing_secret` text;
ALTER TABLE `stage_transitions` ADD `actor` text;
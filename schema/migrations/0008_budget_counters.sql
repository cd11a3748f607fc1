ALTER TABLE `leads` ADD `budget_day_from` integer;
ALTER TABLE `leads` ADD `budget_day_events` integer DEFAULT 0 NOT NULL;
ALTER TABLE `visitors` ADD `budget_day_from` integer;
ALTER TABLE `visitors` ADD `budget_day_events` integer DEFAULT 0 NOT NULL;
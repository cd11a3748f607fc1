ALTER TABLE `leads` ADD `scoring_state` text;
ALTER TABLE `visitors` ADD `scoring_state` text;
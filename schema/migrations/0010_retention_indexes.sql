CREATE INDEX `stage_transitions_reason_kept` ON `stage_transitions` (`site_id`,`at`) WHERE reason is not null;
CREATE INDEX `visitors_anon_seen` ON `visitors` (`site_id`,`last_seen_at`) WHERE lead_id is null;
CREATE INDEX `alerts_payload_kept` ON `alerts` (`site_id`,`created_at`) WHERE json_extract(payload, '$.purgedAt') is null;
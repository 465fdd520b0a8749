-- The partnerships taking part in a campaign (the owner, or a consortium's
-- partnerships), for each partnership's view of a shared campaign.
ALTER TABLE reporting_campaigns ADD COLUMN partnerships TEXT NOT NULL DEFAULT '[]';

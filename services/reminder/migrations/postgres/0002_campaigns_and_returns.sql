-- Campaigns: their due time and state, each as reported by the newest
-- event that reported it (the *_event_time columns, NULL when the event
-- gave no time, which counts as the oldest). A moved due date or a close
-- arrives as a campaign event, possibly before the launch it follows, so
-- both are kept per campaign rather than per submission. state holds the
-- API's CampaignState values (0 until reported, 3 closed, 5 archived).
CREATE TABLE reminder_campaigns (
    name TEXT PRIMARY KEY,
    due_time TIMESTAMPTZ,
    due_event_time TIMESTAMPTZ,
    state INTEGER NOT NULL,
    state_event_time TIMESTAMPTZ
);

INSERT INTO reminder_campaigns (name, due_time, due_event_time, state, state_event_time)
SELECT campaign, MAX(due_time), NULL, 0, NULL FROM reminder_submissions WHERE due_time IS NOT NULL GROUP BY campaign;

-- Submissions: status is the newest status reported, as the API's
-- SubmissionState values (0 none, 3 submitted, 4 returned, 5 accepted), and
-- status_time when it happened (NULL for the oldest). Rows written before
-- were handed in for good or not at all.
ALTER TABLE reminder_submissions ADD COLUMN status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reminder_submissions ADD COLUMN status_time TIMESTAMPTZ;
UPDATE reminder_submissions SET status = 3 WHERE submitted;

DROP INDEX reminder_submissions_outstanding;
ALTER TABLE reminder_submissions DROP COLUMN submitted;
ALTER TABLE reminder_submissions DROP COLUMN due_time;
CREATE INDEX reminder_submissions_by_campaign ON reminder_submissions (campaign, status, organisation, name);

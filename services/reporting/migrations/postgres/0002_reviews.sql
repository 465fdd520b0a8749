-- A submission's progress is now how far its answering has got
-- (work_state: 1 not started, 2 in progress; the highest reported) and
-- what was last reported of its being handed in (review_state, as the
-- API's SubmissionState: 0 none yet, 3 submitted, 4 returned, 5 accepted;
-- the newest by review_time, NULL counting as the oldest). Rows written
-- before that were submitted were in progress first.
ALTER TABLE reporting_submissions RENAME COLUMN state TO work_state;
ALTER TABLE reporting_submissions ADD COLUMN review_state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reporting_submissions ADD COLUMN review_time TIMESTAMPTZ;
UPDATE reporting_submissions SET review_state = 3, work_state = 2 WHERE work_state = 3;

-- A campaign's display name is the one given by the newest event that gave
-- one, which happened at display_name_time (NULL counting as the oldest):
-- a launch redelivered after a rename does not take the name back.
ALTER TABLE reporting_campaigns ADD COLUMN display_name_time TIMESTAMPTZ;

-- For the completion burn-up: when each return was first saved and first
-- handed in, and when its campaign was launched. Rows recorded before
-- these columns take their nearest known times; a rebuild of the read
-- model (-rebuild-reporting) gives the exact ones.
ALTER TABLE reporting_submissions ADD COLUMN first_activity_time TIMESTAMPTZ;
ALTER TABLE reporting_submissions ADD COLUMN first_hand_in_time TIMESTAMPTZ;
ALTER TABLE reporting_campaigns ADD COLUMN launch_time TIMESTAMPTZ;
UPDATE reporting_submissions SET first_activity_time = last_activity_time;
UPDATE reporting_submissions SET first_hand_in_time = review_time WHERE review_state IN (3, 5);

-- A campaign's due date, as given by the event that happened last
-- (due_time_at), for what is overdue.
ALTER TABLE reporting_campaigns ADD COLUMN due_time TIMESTAMP;
ALTER TABLE reporting_campaigns ADD COLUMN due_time_at TIMESTAMP;

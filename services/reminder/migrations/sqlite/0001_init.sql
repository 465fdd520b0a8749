-- What the reminder knows of each submission, from the submission service's
-- events. due_time is NULL until the campaign's launch is known.
CREATE TABLE reminder_submissions (
    name TEXT PRIMARY KEY,
    campaign TEXT NOT NULL,
    organisation TEXT NOT NULL,
    due_time TIMESTAMP,
    submitted BOOLEAN NOT NULL
);

CREATE INDEX reminder_submissions_outstanding ON reminder_submissions (campaign, submitted, organisation, name);

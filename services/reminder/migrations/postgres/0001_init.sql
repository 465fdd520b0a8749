-- What the reminder knows of each submission, from the submission service's
-- events. due_time is NULL until the campaign's launch is known. Names sort
-- in byte order ("C"), as they do in SQLite, so pages are the same on both.
CREATE TABLE reminder_submissions (
    name TEXT COLLATE "C" PRIMARY KEY,
    campaign TEXT NOT NULL,
    organisation TEXT COLLATE "C" NOT NULL,
    due_time TIMESTAMPTZ,
    submitted BOOLEAN NOT NULL
);

CREATE INDEX reminder_submissions_outstanding ON reminder_submissions (campaign, submitted, organisation, name);

-- What reminders need of a campaign besides its due time and state: its
-- name, when it opens and closes, and the partnerships taking part, as
-- reported by the newest campaign event.
ALTER TABLE reminder_campaigns ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE reminder_campaigns ADD COLUMN open_time TIMESTAMPTZ;
ALTER TABLE reminder_campaigns ADD COLUMN close_time TIMESTAMPTZ;
ALTER TABLE reminder_campaigns ADD COLUMN partnerships TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reminder_campaigns ADD COLUMN details_event_time TIMESTAMPTZ;

-- The questions answered so far in each submission, for the progress a
-- reminder shows.
CREATE TABLE reminder_answered (
    submission TEXT NOT NULL,
    question_key TEXT NOT NULL,
    PRIMARY KEY (submission, question_key)
);

-- Each campaign's policy, once changed from the default.
CREATE TABLE reminder_policies (
    campaign TEXT PRIMARY KEY,
    policy TEXT NOT NULL,
    version BIGINT NOT NULL,
    update_time TIMESTAMPTZ NOT NULL
);

-- Copies of the directory: who to write to.
CREATE TABLE reminder_people (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    active BOOLEAN NOT NULL
);

CREATE TABLE reminder_memberships (
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    scope TEXT NOT NULL,
    PRIMARY KEY (scope, role, person_id)
);

CREATE TABLE reminder_names (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL
);

-- One reminder to one person; the id comes from the submission, the
-- reminder and the recipient, so each is kept once.
CREATE TABLE reminder_deliveries (
    id TEXT PRIMARY KEY,
    campaign TEXT NOT NULL,
    submission TEXT NOT NULL,
    organisation TEXT NOT NULL,
    reminder TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    recipient_name TEXT NOT NULL,
    state INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    due_time TIMESTAMPTZ NOT NULL,
    next_attempt_time TIMESTAMPTZ NOT NULL,
    send_time TIMESTAMPTZ,
    message_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);
CREATE INDEX reminder_deliveries_pending ON reminder_deliveries (state, next_attempt_time, message_id);
CREATE INDEX reminder_deliveries_by_campaign ON reminder_deliveries (campaign, create_time);
CREATE INDEX reminder_deliveries_by_submission ON reminder_deliveries (submission, reminder);

-- Chase requests already carried out, so a retried request chases once.
CREATE TABLE reminder_chases (
    request_id TEXT PRIMARY KEY,
    campaign TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);

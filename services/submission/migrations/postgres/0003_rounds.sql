-- Campaigns gain their full description (audience rule, dates, late
-- returns, bring-forward source, QA, sign-off, consortium) as JSON, and
-- the partnerships taking part are indexed for lists and the calendar.
ALTER TABLE campaigns ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
ALTER TABLE campaigns ADD COLUMN closed_time TIMESTAMPTZ;
ALTER TABLE campaigns ADD COLUMN submission_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE campaign_partnerships (
    partnership_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    PRIMARY KEY (partnership_id, owner_id, campaign_id)
);
INSERT INTO campaign_partnerships (partnership_id, owner_id, campaign_id) SELECT partnership_id, partnership_id, id FROM campaigns;

-- Submissions gain sign-off, QA and assignments (JSON), and the
-- partnerships whose staff see them.
ALTER TABLE submissions ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
ALTER TABLE submissions ADD COLUMN partnerships TEXT NOT NULL DEFAULT '[]';
CREATE INDEX submissions_by_organisation ON submissions (organisation_id);
UPDATE submissions SET partnerships = '["' || partnership_id || '"]';

-- Each answer has its own version, so contributors working on different
-- questions never conflict, and records who saved it.
ALTER TABLE answers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN person TEXT NOT NULL DEFAULT '';
ALTER TABLE answers ADD COLUMN brought_forward BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE answer_history ADD COLUMN person TEXT NOT NULL DEFAULT '';
ALTER TABLE answer_history ADD COLUMN answer_version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX answer_history_by_time ON answer_history (partnership_id, campaign_id, submission_id, save_time);

CREATE TABLE actions (
    partnership_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    id TEXT NOT NULL,
    question_key TEXT NOT NULL,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status INTEGER NOT NULL,
    progress_note TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    updates TEXT NOT NULL,
    PRIMARY KEY (partnership_id, campaign_id, submission_id, id)
);

CREATE TABLE evidence (
    partnership_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    upload_time TIMESTAMPTZ NOT NULL,
    person TEXT NOT NULL,
    PRIMARY KEY (partnership_id, campaign_id, submission_id, id)
);

-- Copies of consortia and partnerships, kept from directory events.
CREATE TABLE consortia (
    name TEXT PRIMARY KEY,
    partnerships TEXT NOT NULL
);

CREATE TABLE partnerships (
    id TEXT PRIMARY KEY,
    hub TEXT NOT NULL
);

-- Copies of forms keep the lineage to the version before.
ALTER TABLE forms ADD COLUMN lineage TEXT NOT NULL DEFAULT '';

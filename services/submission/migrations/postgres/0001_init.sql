CREATE TABLE campaigns (
    partnership_id TEXT NOT NULL,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    template_version TEXT NOT NULL,
    organisations TEXT NOT NULL,
    due_time TIMESTAMPTZ NOT NULL,
    state INTEGER NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    launch_time TIMESTAMPTZ,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, id)
);

CREATE INDEX campaigns_by_time ON campaigns (partnership_id, create_time, id);

CREATE TABLE submissions (
    partnership_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    state INTEGER NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    submit_time TIMESTAMPTZ,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, campaign_id, id)
);

CREATE TABLE answers (
    partnership_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    question_key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    grade TEXT NOT NULL,
    text TEXT NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partnership_id, campaign_id, submission_id, question_key)
);

-- Every saved value, so an answer's history (who, when, what before) is kept.
CREATE TABLE answer_history (
    partnership_id TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    question_key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    grade TEXT NOT NULL,
    text TEXT NOT NULL,
    save_time TIMESTAMPTZ NOT NULL,
    submission_version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, campaign_id, submission_id, question_key, submission_version)
);

-- Copies of other services' data, kept from their events.
CREATE TABLE forms (
    name TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL,
    questions TEXT NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    partnerships TEXT NOT NULL
);

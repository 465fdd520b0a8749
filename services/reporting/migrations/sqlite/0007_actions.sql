-- Action plans, as the newest action event reported them.
CREATE TABLE reporting_actions (
    name TEXT PRIMARY KEY,
    submission TEXT NOT NULL,
    organisation TEXT NOT NULL,
    section TEXT NOT NULL,
    question_key TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status INTEGER NOT NULL,
    version BIGINT NOT NULL,
    create_time TIMESTAMP NOT NULL,
    complete_time TIMESTAMP
);
CREATE INDEX reporting_actions_by_submission ON reporting_actions (submission);

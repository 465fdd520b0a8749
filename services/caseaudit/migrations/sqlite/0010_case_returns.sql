-- Published template versions (their forms as JSON), kept from the
-- template service's events, and each agency's return on each case with
-- its answers as JSON (state 1 draft, 2 submitted, 3 sent back, 4
-- accepted).
CREATE TABLE forms (
    name TEXT PRIMARY KEY,
    content TEXT NOT NULL
);

CREATE TABLE case_returns (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    answers TEXT NOT NULL,
    state INTEGER NOT NULL,
    qa_comment TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    save_time TIMESTAMP NOT NULL,
    submit_time TIMESTAMP,
    reviewed_by TEXT NOT NULL,
    review_time TIMESTAMP,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, reference, organisation_id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

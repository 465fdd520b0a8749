-- What the moderation meeting agreed on each case, per graded question
-- (JSON: agreed grade, dissent, notes).
CREATE TABLE case_moderations (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    domains TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    save_time TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, reference),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

-- A round's findings as one JSON document (what works well, concerns,
-- recommendations with their actions and updates, the review of the
-- round). The purge of case detail leaves them.
CREATE TABLE findings (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    content TEXT NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

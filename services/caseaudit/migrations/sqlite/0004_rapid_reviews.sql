-- Rapid reviews of serious incident notifications: the clock's milestones
-- and the agencies' summaries are kept as JSON lists; decision 0 is none
-- yet, 1 a local practice review, 2 none.
CREATE TABLE rapid_reviews (
    partnership_id TEXT NOT NULL,
    id TEXT NOT NULL,
    reference TEXT NOT NULL,
    notified TEXT NOT NULL,
    milestones TEXT NOT NULL,
    agencies TEXT NOT NULL,
    decision INTEGER NOT NULL,
    rationale TEXT NOT NULL,
    decide_time TIMESTAMP,
    create_time TIMESTAMP NOT NULL,
    update_time TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, id)
);

-- Immediate risks raised on cases (kind 1 a child at risk, 2 unsafe
-- practice), their acknowledgement, and how often they were raised.
CREATE TABLE risk_flags (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    kind INTEGER NOT NULL,
    description TEXT NOT NULL,
    flagged_by TEXT NOT NULL,
    flag_time TIMESTAMP NOT NULL,
    ack_by TEXT NOT NULL,
    ack_note TEXT NOT NULL,
    ack_time TIMESTAMP,
    sends INTEGER NOT NULL,
    last_sent TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

CREATE INDEX risk_flags_unacknowledged ON risk_flags (ack_time, last_sent);

-- The people who may read a round's key table (a JSON list of person ids),
-- the key table itself (each agency's own identifier for a case), and
-- every read of it.
ALTER TABLE rounds ADD COLUMN key_readers TEXT NOT NULL DEFAULT '[]';

CREATE TABLE case_keys (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partnership_id, round_id, reference, organisation_id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

CREATE TABLE case_key_reads (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    person TEXT NOT NULL,
    read_time TIMESTAMPTZ NOT NULL
);

CREATE INDEX case_key_reads_by_round ON case_key_reads (partnership_id, round_id, read_time);

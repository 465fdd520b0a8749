-- How long after closing a round keeps its case detail (0: the default),
-- when it closed, when its case detail falls due to be purged and was, and
-- the record of each purge.
ALTER TABLE rounds ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rounds ADD COLUMN close_time TIMESTAMP;
ALTER TABLE rounds ADD COLUMN purge_time TIMESTAMP;
ALTER TABLE rounds ADD COLUMN purge_after TIMESTAMP;

CREATE TABLE round_purges (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    cases INTEGER NOT NULL,
    assignments INTEGER NOT NULL,
    case_keys INTEGER NOT NULL,
    purge_time TIMESTAMP NOT NULL,
    PRIMARY KEY (partnership_id, round_id)
);

CREATE INDEX rounds_to_purge ON rounds (purge_after);

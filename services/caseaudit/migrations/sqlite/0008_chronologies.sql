-- Each agency's chronology of each case, its entries a JSON list.
CREATE TABLE chronologies (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    entries TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    save_time TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, reference, organisation_id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

CREATE TABLE rounds (
    partnership_id TEXT NOT NULL,
    id TEXT NOT NULL,
    theme TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, id)
);

-- A case is known only by its pseudonymous reference, unique in its round.
CREATE TABLE round_cases (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    reference TEXT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, position),
    UNIQUE (partnership_id, round_id, reference),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

-- The agencies (organisation ids) asked to return on a case.
CREATE TABLE round_case_agencies (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    case_position INTEGER NOT NULL,
    position INTEGER NOT NULL,
    organisation_id TEXT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, case_position, position),
    UNIQUE (partnership_id, round_id, case_position, organisation_id),
    FOREIGN KEY (partnership_id, round_id, case_position) REFERENCES round_cases (partnership_id, round_id, position)
);

CREATE INDEX rounds_by_time ON rounds (partnership_id, create_time, id);
CREATE INDEX round_case_agencies_by_organisation ON round_case_agencies (organisation_id);

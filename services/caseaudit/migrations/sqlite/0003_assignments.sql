-- The auditor each involved agency names for a case, with the auditor's
-- conflict-of-interest declaration (state 1 proposed, 2 accepted, 3
-- declined) and the auditors who declared a conflict (a JSON list).
CREATE TABLE round_assignments (
    partnership_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    auditor TEXT NOT NULL,
    state INTEGER NOT NULL,
    involved BOOLEAN NOT NULL,
    worked_on_case BOOLEAN NOT NULL,
    statement TEXT NOT NULL,
    declined TEXT NOT NULL,
    assign_time TIMESTAMP NOT NULL,
    decide_time TIMESTAMP,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, round_id, reference, organisation_id),
    FOREIGN KEY (partnership_id, round_id) REFERENCES rounds (partnership_id, id)
);

CREATE INDEX round_assignments_by_auditor ON round_assignments (auditor, partnership_id, round_id);

-- The hub of each partnership, for hub-wide comparisons.
CREATE TABLE reporting_partnerships (
    id TEXT PRIMARY KEY,
    hub TEXT NOT NULL
);

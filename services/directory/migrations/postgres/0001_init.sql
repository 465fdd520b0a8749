CREATE TABLE partnerships (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    type INTEGER NOT NULL,
    external_ref TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE organisation_partnerships (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, partnership_id)
);

CREATE INDEX organisation_partnerships_by_partnership ON organisation_partnerships (partnership_id, organisation_id);
CREATE INDEX partnerships_by_time ON partnerships (create_time, id);
CREATE INDEX organisations_by_time ON organisations (create_time, id);

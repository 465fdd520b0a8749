-- content holds the sections as JSON text, in the same form in both dialects.
CREATE TABLE templates (
    partnership_id TEXT NOT NULL,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    content TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (partnership_id, id)
);

-- A published version is never changed: it holds a copy of the template's
-- name, kind and content as they were when it was published.
CREATE TABLE template_versions (
    partnership_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    content TEXT NOT NULL,
    template_create_time TIMESTAMPTZ NOT NULL,
    template_version BIGINT NOT NULL,
    publish_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (partnership_id, template_id, number),
    FOREIGN KEY (partnership_id, template_id) REFERENCES templates (partnership_id, id)
);

CREATE INDEX templates_by_time ON templates (partnership_id, create_time, id);

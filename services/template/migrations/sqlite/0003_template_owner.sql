-- A template belongs to a partnership or to a hub: owner holds the resource
-- name of either (partnerships/{p} or hubs/{h}). Rows written before are
-- partnership templates. source_version names the published version a
-- template was copied from, if any. SQLite cannot change a primary key in
-- place, so both tables are rebuilt.
CREATE TABLE templates_owned (
    owner TEXT NOT NULL,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    content TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    create_time TIMESTAMP NOT NULL,
    update_time TIMESTAMP NOT NULL,
    version BIGINT NOT NULL,
    introduction TEXT NOT NULL DEFAULT '',
    annotations TEXT NOT NULL DEFAULT '{}',
    source_version TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (owner, id)
);
INSERT INTO templates_owned (owner, id, display_name, kind, content, latest_version, create_time, update_time, version,
    introduction, annotations)
SELECT 'partnerships/' || partnership_id, id, display_name, kind, content, latest_version, create_time, update_time, version,
    introduction, annotations
FROM templates;

CREATE TABLE template_versions_owned (
    owner TEXT NOT NULL,
    template_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    kind INTEGER NOT NULL,
    content TEXT NOT NULL,
    template_create_time TIMESTAMP NOT NULL,
    template_version BIGINT NOT NULL,
    publish_time TIMESTAMP NOT NULL,
    introduction TEXT NOT NULL DEFAULT '',
    annotations TEXT NOT NULL DEFAULT '{}',
    lineage TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (owner, template_id, number),
    FOREIGN KEY (owner, template_id) REFERENCES templates_owned (owner, id)
);
INSERT INTO template_versions_owned (owner, template_id, number, display_name, kind, content, template_create_time,
    template_version, publish_time, introduction, annotations, lineage)
SELECT 'partnerships/' || partnership_id, template_id, number, display_name, kind, content, template_create_time,
    template_version, publish_time, introduction, annotations, lineage
FROM template_versions;

DROP TABLE template_versions;
DROP TABLE templates;
ALTER TABLE templates_owned RENAME TO templates;
ALTER TABLE template_versions_owned RENAME TO template_versions;
CREATE INDEX templates_by_time ON templates (owner, create_time, id);

-- A template belongs to a partnership or to a hub: owner holds the resource
-- name of either (partnerships/{p} or hubs/{h}). Rows written before are
-- partnership templates. source_version names the published version a
-- template was copied from, if any.
ALTER TABLE template_versions DROP CONSTRAINT template_versions_partnership_id_template_id_fkey;
ALTER TABLE templates RENAME COLUMN partnership_id TO owner;
ALTER TABLE template_versions RENAME COLUMN partnership_id TO owner;
UPDATE templates SET owner = 'partnerships/' || owner;
UPDATE template_versions SET owner = 'partnerships/' || owner;
ALTER TABLE template_versions ADD CONSTRAINT template_versions_template_fkey
    FOREIGN KEY (owner, template_id) REFERENCES templates (owner, id);
ALTER TABLE templates ADD COLUMN source_version TEXT NOT NULL DEFAULT '';

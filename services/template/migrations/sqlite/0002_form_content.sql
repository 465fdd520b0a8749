-- content now holds a form (JSON of pkg/form's Form: {"sections": [...]});
-- rows written before hold a JSON array of sections in the first format,
-- which the service still reads. annotations holds what the form does not
-- model: each section's guidance by code and each question's declared
-- lineage by key, as JSON. A version keeps the lineage derived when it was
-- published.
ALTER TABLE templates ADD COLUMN introduction TEXT NOT NULL DEFAULT '';
ALTER TABLE templates ADD COLUMN annotations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE template_versions ADD COLUMN introduction TEXT NOT NULL DEFAULT '';
ALTER TABLE template_versions ADD COLUMN annotations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE template_versions ADD COLUMN lineage TEXT NOT NULL DEFAULT '[]';

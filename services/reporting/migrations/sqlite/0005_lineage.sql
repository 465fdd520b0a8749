-- Each published version's lineage to the version before, for trends.
ALTER TABLE reporting_forms ADD COLUMN lineage TEXT NOT NULL DEFAULT '';

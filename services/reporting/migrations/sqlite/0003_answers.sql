-- The answers of every submission, as the newest save reported them (the
-- answer's own version decides), for the answer reports and exports.
CREATE TABLE reporting_answers (
    submission TEXT NOT NULL,
    question_key TEXT NOT NULL,
    value TEXT NOT NULL,
    version BIGINT NOT NULL,
    update_time TIMESTAMP NOT NULL,
    PRIMARY KEY (submission, question_key)
);

-- Published template versions, whole, for the structure reports follow.
CREATE TABLE reporting_forms (
    name TEXT PRIMARY KEY,
    content TEXT NOT NULL
);

ALTER TABLE reporting_campaigns ADD COLUMN template_version TEXT NOT NULL DEFAULT '';
ALTER TABLE reporting_organisations ADD COLUMN type TEXT NOT NULL DEFAULT '';
ALTER TABLE reporting_organisations ADD COLUMN partnerships TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reporting_submissions ADD COLUMN partnerships TEXT NOT NULL DEFAULT '[]';

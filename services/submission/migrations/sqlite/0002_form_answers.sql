-- Answers are kept whole, as the JSON of an answer of any question type.
-- Rows saved before keep their grade or text (value empty) and stay readable.
ALTER TABLE answers ADD COLUMN value TEXT NOT NULL DEFAULT '';
ALTER TABLE answer_history ADD COLUMN value TEXT NOT NULL DEFAULT '';

-- Copies of published versions are kept whole, as the JSON of their form.
-- Copies kept before have no content and are fetched again when needed.
ALTER TABLE forms ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE forms DROP COLUMN questions;

-- The organisation's type, to know which questions apply to it; empty when
-- unknown.
ALTER TABLE organisations ADD COLUMN type TEXT NOT NULL DEFAULT '';

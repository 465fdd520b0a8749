-- A round's planning details and where it stands (1 planning … 6 closed),
-- and why each case was sampled.
ALTER TABLE rounds ADD COLUMN methodology TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN practice_from TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN practice_to TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN template_version TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN returns_due_time TIMESTAMPTZ;
ALTER TABLE rounds ADD COLUMN moderation_time TIMESTAMPTZ;
ALTER TABLE rounds ADD COLUMN chair TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN state INTEGER NOT NULL DEFAULT 1;
ALTER TABLE rounds ADD COLUMN update_time TIMESTAMPTZ;
ALTER TABLE round_cases ADD COLUMN sampling_notes TEXT NOT NULL DEFAULT '';

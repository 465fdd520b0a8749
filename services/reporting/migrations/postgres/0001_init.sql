-- The completion read model, built from the submission and directory
-- services' events. Names sort in byte order ("C"), as they do in SQLite.

-- One row per campaign any event has named. version moves on with every
-- event applied that changes the campaign's report; as_of_time is the newest
-- event time applied.
CREATE TABLE reporting_campaigns (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    as_of_time TIMESTAMPTZ,
    version BIGINT NOT NULL
);

-- One row per submission. state is the rank of the furthest state reported
-- (1 not started, 2 in progress, 3 submitted); organisation is empty until
-- an event names it.
CREATE TABLE reporting_submissions (
    name TEXT COLLATE "C" PRIMARY KEY,
    campaign TEXT NOT NULL,
    organisation TEXT COLLATE "C" NOT NULL,
    state INTEGER NOT NULL,
    last_activity_time TIMESTAMPTZ
);

CREATE INDEX reporting_submissions_by_campaign ON reporting_submissions (campaign, organisation, name);
CREATE INDEX reporting_submissions_by_organisation ON reporting_submissions (organisation, campaign);

-- Organisations' display names, from the directory.
CREATE TABLE reporting_organisations (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL
);

-- Hubs host partnerships. Partnerships made before hubs existed move to
-- the default hub.
CREATE TABLE hubs (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);

INSERT INTO hubs (id, display_name, create_time, version)
SELECT 'default', 'Default hub', MIN(create_time), 1 FROM partnerships HAVING COUNT(*) > 0;

ALTER TABLE partnerships ADD COLUMN hub_id TEXT NOT NULL DEFAULT 'default';

CREATE INDEX partnerships_by_hub ON partnerships (hub_id, create_time, id);

-- People are never deleted. Emails are stored in lower case.
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    create_time TIMESTAMPTZ NOT NULL,
    update_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL
);

CREATE INDEX people_by_time ON people (create_time, id);

-- A membership is one role in exactly one of a hub, a partnership or an
-- organisation (the other two columns are empty).
CREATE TABLE memberships (
    person_id TEXT NOT NULL REFERENCES people (id),
    id TEXT NOT NULL,
    role TEXT NOT NULL,
    hub_id TEXT NOT NULL,
    partnership_id TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, id)
);

CREATE UNIQUE INDEX memberships_one_grant ON memberships (person_id, role, hub_id, partnership_id, organisation_id);
CREATE INDEX memberships_by_hub ON memberships (hub_id);
CREATE INDEX memberships_by_partnership ON memberships (partnership_id);
CREATE INDEX memberships_by_organisation ON memberships (organisation_id);

CREATE TABLE consortia (
    hub_id TEXT NOT NULL REFERENCES hubs (id),
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (hub_id, id)
);

CREATE TABLE consortium_partnerships (
    hub_id TEXT NOT NULL,
    consortium_id TEXT NOT NULL,
    partnership_id TEXT NOT NULL REFERENCES partnerships (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (hub_id, consortium_id, partnership_id),
    FOREIGN KEY (hub_id, consortium_id) REFERENCES consortia (hub_id, id)
);

CREATE INDEX consortium_partnerships_by_partnership ON consortium_partnerships (partnership_id);

-- Single-use sign-in links: only the SHA-256 of the secret is kept.
CREATE TABLE sign_in_links (
    digest TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people (id),
    email TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL,
    expire_time TIMESTAMPTZ NOT NULL,
    used_time TIMESTAMPTZ
);

CREATE INDEX sign_in_links_by_email ON sign_in_links (email, create_time);

-- The identity of a person at an outside OpenID Connect provider.
CREATE TABLE person_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    create_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- The built-in issuer's signing keys (private: this table holds secrets).
CREATE TABLE signing_keys (
    id TEXT PRIMARY KEY,
    key_data TEXT NOT NULL,
    create_time TIMESTAMPTZ NOT NULL
);

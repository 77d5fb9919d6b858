-- tocsin schema v1. Each migration runs once, in order, inside one transaction.
-- "at" is quoted: it is a reserved word in DuckDB 2 (AT TIME ZONE); queries must write "at" too.
-- Flat columns serve filters and facets; `record` keeps the full JSON event record.

CREATE TABLE IF NOT EXISTS articles (
    id              VARCHAR PRIMARY KEY,      -- content hash of the clean text
    url             VARCHAR,
    title           VARCHAR,
    published       DATE,
    published_basis VARCHAR,
    source          VARCHAR,
    origin          VARCHAR,
    language        VARCHAR,
    text            VARCHAR,
    n_events        INTEGER,
    ingested_at     TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS events (
    event_id             VARCHAR PRIMARY KEY,
    plover_type          VARCHAR NOT NULL,
    plover_mode          VARCHAR,
    cameo                VARCHAR,
    acled_event_type     VARCHAR,
    acled_sub_event_type VARCHAR,
    date                 DATE,
    date_precision       VARCHAR,
    date_basis           VARCHAR,
    country              VARCHAR,                  -- ISO3 of the location
    admin1               VARCHAR,
    location_name        VARCHAR,
    lat                  DOUBLE,
    lon                  DOUBLE,
    geonameid            BIGINT,
    geo_precision        VARCHAR,
    source_name          VARCHAR,
    source_country       VARCHAR,
    source_role          VARCHAR,
    target_name          VARCHAR,
    target_country       VARCHAR,
    target_role          VARCHAR,
    killed               INTEGER,                  -- best estimate (low where best is null)
    injured              INTEGER,
    arrested             INTEGER,
    displaced            INTEGER,
    participants         INTEGER,
    status               VARCHAR,
    historical           BOOLEAN,
    confidence           DOUBLE,
    n_sources            INTEGER,
    n_mentions           INTEGER,
    search_text          VARCHAR,                  -- lower-cased evidence and actor names
    record               JSON NOT NULL,
    first_seen           TIMESTAMP DEFAULT current_timestamp,
    updated_at           TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS event_sources (
    event_id   VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    PRIMARY KEY (event_id, article_id)
);

-- ACLED-style change feed: create, update, merge (absorbed_id folded into event_id), retract.
CREATE SEQUENCE IF NOT EXISTS event_changes_seq;
CREATE TABLE IF NOT EXISTS event_changes (
    seq         BIGINT PRIMARY KEY DEFAULT nextval('event_changes_seq'),
    kind        VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,
    absorbed_id VARCHAR,
    article_id  VARCHAR,
    reason      VARCHAR,
    "at"        TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS indicators (
    id            VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    severity      VARCHAR,
    country       VARCHAR,
    location_name VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    date          DATE,
    record        JSON NOT NULL
);

-- One row per input document read (origin = path or URL plus record locator).
CREATE TABLE IF NOT EXISTS ingest_log (
    origin     VARCHAR PRIMARY KEY,
    article_id VARCHAR,
    status     VARCHAR NOT NULL,                   -- stored | duplicate | skipped | failed
    code       VARCHAR,
    reason     VARCHAR,
    "at"       TIMESTAMP DEFAULT current_timestamp
);

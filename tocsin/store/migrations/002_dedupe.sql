-- tocsin schema v2: what cross-article merging and near-duplicate detection need. Additive only.

-- The per-article events (members) each stored event was merged from. The merger compares a new
-- article's events with members, never with merged records, so the result does not depend on
-- ingest order; event_id is the stored event a member belongs to now.
CREATE TABLE IF NOT EXISTS event_members (
    member_id   VARCHAR PRIMARY KEY,   -- the event id the article's own record had
    event_id    VARCHAR NOT NULL,      -- the stored event it is part of (events.event_id)
    article_id  VARCHAR NOT NULL,
    plover_type VARCHAR NOT NULL,
    date        DATE,
    country     VARCHAR,
    record      JSON NOT NULL
);

-- MinHash signature of each stored article's clean text (uint64 array as bytes).
CREATE TABLE IF NOT EXISTS article_minhash (
    article_id VARCHAR PRIMARY KEY,
    signature  BLOB NOT NULL
);

-- Near-duplicate articles (syndicated copies): article_id is the copy, duplicate_of the original
-- (earlier published, then smaller id). One row per pair.
CREATE TABLE IF NOT EXISTS article_duplicates (
    article_id   VARCHAR NOT NULL,
    duplicate_of VARCHAR NOT NULL,
    jaccard      DOUBLE NOT NULL,      -- MinHash estimate of word 5-shingle Jaccard
    PRIMARY KEY (article_id, duplicate_of)
);

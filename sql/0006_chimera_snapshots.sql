-- 0006: periodic registry snapshots for reporting (counts by status and capability, and every
-- influencer's routing row), taken from the routing grain of the default pool.

-- One row per snapshot period. bucket_start is the period's start (now rounded down to the interval),
-- and its uniqueness makes "one snapshot per period" hold across silos: every silo tries, the first
-- insert wins, the others skip.
CREATE TABLE IF NOT EXISTS chimera_registry_snapshot
(
    snapshot_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pool          text        NOT NULL,
    bucket_start  timestamptz NOT NULL,
    taken_at      timestamptz NOT NULL,
    total         integer     NOT NULL,
    by_status     jsonb       NOT NULL, -- {"online": 12, ...} (wire names)
    by_capability jsonb       NOT NULL, -- {"video-gen": 7, ...}
    complete      boolean     NOT NULL DEFAULT false, -- true once every influencer row is written
    UNIQUE (pool, bucket_start)
);

-- Reports read "the latest snapshot" and "snapshots in a time range": both are served by the unique
-- (pool, bucket_start) index above, so there is no extra index here.

CREATE TABLE IF NOT EXISTS chimera_registry_snapshot_influencer
(
    snapshot_id     bigint           NOT NULL REFERENCES chimera_registry_snapshot (snapshot_id) ON DELETE CASCADE,
    influencer_id   text             NOT NULL,
    status          smallint         NOT NULL,
    is_stale        boolean          NOT NULL,
    load            double precision NOT NULL,
    confidence      double precision NOT NULL,
    relevance_score double precision NOT NULL,
    capabilities    text[]           NOT NULL,
    expires_at      timestamptz      NOT NULL,
    -- One snapshot's rows are read together (and deleted together by retention): the key's leading
    -- snapshot_id serves both; influencer_id second lets a report follow one influencer across snapshots.
    PRIMARY KEY (snapshot_id, influencer_id)
);

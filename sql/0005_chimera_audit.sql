-- 0005: Chimera's append-only audit log (spec §9): one row per status change, stale detection,
-- probe scheduled and probe result. Rows are never updated or deleted by Chimera.
--
-- Sized for tens of millions of rows. Every index below is paid for on each insert, so there are
-- exactly the ones the three read paths (IAuditReader) and the write path need.

CREATE TABLE IF NOT EXISTS chimera_audit
(
    -- Storage order. One writer loop per silo inserts each batch in enqueue order, and one influencer
    -- is handled by one grain at a time, so within an influencer sequence order is processing order.
    sequence        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text             NOT NULL,
    kind            smallint         NOT NULL, -- AuditKind: 0 status change, 1 stale, 2 probe scheduled, 3 probe result
    influencer_id   text             NOT NULL,
    previous_status smallint         NULL,     -- InfluencerStatus: 0 online, 1 idle, 2 busy, 3 maintenance, 4 offline
    new_status      smallint         NOT NULL,
    load            double precision NOT NULL,
    confidence      double precision NOT NULL,
    relevance_score double precision NOT NULL,
    capabilities    text[]           NOT NULL, -- descriptors as name:vN
    current_task    text             NULL,
    event_time      timestamptz      NOT NULL, -- when it happened (event timestamp or detection time)
    recorded_at     timestamptz      NOT NULL, -- when Chimera recorded it
    source          text             NULL,
    adapter_id      text             NULL,
    trace_id        text             NULL,
    detail          text             NULL
);

-- Idempotency: a redelivered event (same event id) never adds a second row. The writer inserts with
-- ON CONFLICT (event_id) DO NOTHING, which needs exactly this unique index.
CREATE UNIQUE INDEX IF NOT EXISTS chimera_audit_event_id_ux ON chimera_audit (event_id);

-- History (GetHistoryAsync): one influencer, newest first, paged by "sequence < @before". The scan
-- starts at the page boundary and walks backwards within one influencer, so a page costs O(page)
-- however many rows the table holds; event_time (INCLUDEd) filters the range without a heap visit.
CREATE INDEX IF NOT EXISTS chimera_audit_influencer_seq_ix
    ON chimera_audit (influencer_id, sequence DESC) INCLUDE (event_time);

-- Status as of T (GetStatusAsOfAsync): the newest status-bearing row (change or stale) of one
-- influencer at or before T is the first entry of this index at (influencer_id, T); partial, so
-- probe rows do not make it larger.
CREATE INDEX IF NOT EXISTS chimera_audit_influencer_time_ix
    ON chimera_audit (influencer_id, event_time DESC, sequence DESC)
    WHERE kind IN (0, 1);

-- Counts by status over a time range (CountByStatusAsync): a range scan on event_time that never
-- touches the heap (index-only: new_status is in the key), partial to status-bearing rows.
CREATE INDEX IF NOT EXISTS chimera_audit_time_status_ix
    ON chimera_audit (event_time, new_status)
    WHERE kind IN (0, 1);

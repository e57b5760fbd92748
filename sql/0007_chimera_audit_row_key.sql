-- 0007: audit row ids are unique per (influencer, kind), not across the whole table (spec §9).
--
-- Until now chimera_audit_event_id_ux made event_id unique table-wide, and internal rows used ids derived
-- from adapter data (stale:<influencer>:<last event id>, probe-…). Event ids may contain ':', so a signed
-- event whose id equals such a derived id, or another influencer's event id, made the later row a silent
-- no-op (ON CONFLICT DO NOTHING): an adapter could suppress another influencer's stale-detection row.
-- With the key (influencer_id, kind, event_id), an adapter's event (kind 0, its own influencer, enforced by
-- the gate's authority check) can only ever collide with its own earlier rows, which is exactly redelivery.
--
-- The new index is built before the old one is dropped, so idempotency holds throughout; the writer's
-- ON CONFLICT target (influencer_id, kind, event_id) needs exactly this index.

CREATE UNIQUE INDEX IF NOT EXISTS chimera_audit_row_ux ON chimera_audit (influencer_id, kind, event_id);

DROP INDEX IF EXISTS chimera_audit_event_id_ux;

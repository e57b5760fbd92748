-- 0009: names for the numbers in chimera_audit, for people reading it with psql (spec §9).
-- kind and the statuses are stored as smallint (AuditKind, InfluencerStatus in Chimera.Contracts): small rows
-- and indexes. These lookup tables give each number its name, and chimera_audit_readable joins them in.
-- The names are the ones the CLI prints (text and --json alike).

CREATE TABLE IF NOT EXISTS chimera_audit_kind
(
    code smallint PRIMARY KEY,
    name text     NOT NULL UNIQUE,
    meaning text  NOT NULL
);

INSERT INTO chimera_audit_kind (code, name, meaning) VALUES
    (0, 'status_change',   'an event changed the status view (status, capabilities, task, or load/confidence/relevance past a threshold)'),
    (1, 'stale_detected',  'no heartbeat before last_seen + TTL: the influencer is offline (stale)'),
    (2, 'probe_scheduled', 'a high-cost route found the influencer below confidence 0.5 and scheduled a probe'),
    (3, 'probe_result',    'the probe''s outcome was reported (passed or failed)')
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, meaning = EXCLUDED.meaning;

CREATE TABLE IF NOT EXISTS chimera_influencer_status
(
    code smallint PRIMARY KEY,
    name text     NOT NULL UNIQUE
);

INSERT INTO chimera_influencer_status (code, name) VALUES
    (0, 'online'), (1, 'idle'), (2, 'busy'), (3, 'maintenance'), (4, 'offline')
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;

-- SELECT * FROM chimera_audit_readable WHERE influencer_id = 'alpha' ORDER BY revision DESC LIMIT 20;
CREATE OR REPLACE VIEW chimera_audit_readable AS
SELECT a.revision,
       a.sequence,
       a.event_time,
       a.recorded_at,
       a.influencer_id,
       k.name  AS kind,
       ps.name AS previous_status,
       ns.name AS new_status,
       a.load,
       a.confidence,
       a.relevance_score,
       a.capabilities,
       a.current_task,
       a.detail,
       a.event_id,
       a.source,
       a.adapter_id,
       a.trace_id
FROM chimera_audit a
JOIN chimera_audit_kind k ON k.code = a.kind
JOIN chimera_influencer_status ns ON ns.code = a.new_status
LEFT JOIN chimera_influencer_status ps ON ps.code = a.previous_status;

-- Orleans' membership table stores a silo's status as Orleans.Runtime.SiloStatus numbers.
CREATE TABLE IF NOT EXISTS chimera_silo_status
(
    code smallint PRIMARY KEY,
    name text     NOT NULL UNIQUE
);

INSERT INTO chimera_silo_status (code, name) VALUES
    (0, 'none'), (1, 'created'), (2, 'joining'), (3, 'active'), (4, 'shutting_down'), (5, 'stopping'), (6, 'dead')
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;

-- SELECT * FROM orleans_membership_readable;  (one row per silo incarnation, newest first)
CREATE OR REPLACE VIEW orleans_membership_readable AS
SELECT m.deployment_id AS cluster_id,
       m.address || ':' || m.port AS silo,
       m.generation,
       m.silo_name,
       m.host_name,
       s.name AS status,
       m.proxy_port AS gateway_port,
       m.start_time,
       m.i_am_alive_time
FROM orleans_membership m
LEFT JOIN chimera_silo_status s ON s.code = m.status
ORDER BY m.start_time DESC;

namespace Chimera.Postgres.Audit;

/// <summary>Statements of the audit log (schema: sql/0005_chimera_audit.sql).</summary>
internal static class AuditSql
{
    public const string Columns =
        "sequence, event_id, kind, influencer_id, previous_status, new_status, load, confidence, relevance_score, " +
        "capabilities, current_task, event_time, recorded_at, source, adapter_id, trace_id, detail, revision";

    /// <summary>Per-connection staging table; COPY lands here, then one INSERT moves the batch.</summary>
    public const string CreateStage = """
        CREATE TEMP TABLE IF NOT EXISTS chimera_audit_stage
        (
            ord integer NOT NULL, event_id text NOT NULL, kind smallint NOT NULL, influencer_id text NOT NULL,
            previous_status smallint, new_status smallint NOT NULL, load double precision NOT NULL,
            confidence double precision NOT NULL, relevance_score double precision NOT NULL, capabilities text[] NOT NULL,
            current_task text, event_time timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
            source text, adapter_id text, trace_id text, detail text
        );
        TRUNCATE chimera_audit_stage;
        """;

    public const string CopyStage =
        "COPY chimera_audit_stage (ord, event_id, kind, influencer_id, previous_status, new_status, load, confidence, " +
        "relevance_score, capabilities, current_task, event_time, recorded_at, source, adapter_id, trace_id, detail) FROM STDIN (FORMAT BINARY)";

    // One implicit transaction (one Sync): the rows are durable when this returns. ORDER BY ord keeps
    // sequence order equal to enqueue order; ON CONFLICT makes a redelivered row id a no-op. The key is
    // (influencer, kind, row id) (sql/0007), so no adapter-chosen event id can shadow another influencer's row or an
    // internal one. Revisions (sql/0008): the counter row's UPDATE runs first and holds its lock until this transaction
    // commits, so no other writer gets numbers in between: revision order is commit order across silos.
    public const string MoveStage = """
        WITH n AS (SELECT count(*) AS rows FROM chimera_audit_stage),
             rev AS (UPDATE chimera_revision SET value = value + (SELECT rows FROM n) WHERE id = 1
                     RETURNING value - (SELECT rows FROM n) AS base)
        INSERT INTO chimera_audit (event_id, kind, influencer_id, previous_status, new_status, load, confidence,
                                   relevance_score, capabilities, current_task, event_time, recorded_at, source,
                                   adapter_id, trace_id, detail, revision)
        SELECT s.event_id, s.kind, s.influencer_id, s.previous_status, s.new_status, s.load, s.confidence, s.relevance_score,
               s.capabilities, s.current_task, s.event_time, s.recorded_at, s.source, s.adapter_id, s.trace_id, s.detail,
               rev.base + s.ord + 1
        FROM chimera_audit_stage s CROSS JOIN rev ORDER BY s.ord
        ON CONFLICT (influencer_id, kind, event_id) DO NOTHING;
        TRUNCATE chimera_audit_stage;
        """;

    // The alternative measured against COPY (see README): one round trip, arrays unnested server-side.
    // Capabilities travel as one comma-joined string per row ("," cannot occur in a descriptor).
    // Revisions as in MoveStage: the counter's row lock orders this batch's commit against every other writer's.
    public const string InsertUnnest = """
        WITH rev AS (UPDATE chimera_revision SET value = value + cardinality(@e::text[]) WHERE id = 1
                     RETURNING value - cardinality(@e::text[]) AS base)
        INSERT INTO chimera_audit (event_id, kind, influencer_id, previous_status, new_status, load, confidence,
                                   relevance_score, capabilities, current_task, event_time, recorded_at, source,
                                   adapter_id, trace_id, detail, revision)
        SELECT e, k, i, ps, ns, l, c, r, CASE WHEN caps = '' THEN '{}'::text[] ELSE string_to_array(caps, ',') END,
               t, et, ra, s, a, tr, d, rev.base + x.ord
        FROM unnest(@e::text[], @k::smallint[], @i::text[], @ps::smallint[], @ns::smallint[], @l::float8[], @c::float8[],
                    @r::float8[], @caps::text[], @t::text[], @et::timestamptz[], @ra::timestamptz[], @s::text[], @a::text[],
                    @tr::text[], @d::text[]) WITH ORDINALITY AS x(e, k, i, ps, ns, l, c, r, caps, t, et, ra, s, a, tr, d, ord)
        CROSS JOIN rev
        ORDER BY x.ord
        ON CONFLICT (influencer_id, kind, event_id) DO NOTHING;
        """;

    public const string History = $"""
        SELECT {Columns} FROM chimera_audit
        WHERE influencer_id = @influencer AND event_time >= @from AND event_time < @to
        ORDER BY sequence DESC LIMIT @limit
        """;

    public const string HistoryBefore = $"""
        SELECT {Columns} FROM chimera_audit
        WHERE influencer_id = @influencer AND event_time >= @from AND event_time < @to AND sequence < @before
        ORDER BY sequence DESC LIMIT @limit
        """;

    // kind IN (0, 1) matches the partial index chimera_audit_influencer_time_ix.
    public const string AsOf = $"""
        SELECT {Columns} FROM chimera_audit
        WHERE influencer_id = @influencer AND kind IN (0, 1) AND event_time <= @at
        ORDER BY event_time DESC, sequence DESC LIMIT 1
        """;

    public const string CountByStatus = """
        SELECT new_status, count(*) FROM chimera_audit
        WHERE kind IN (0, 1) AND event_time >= @from AND event_time < @to
        GROUP BY new_status
        """;

    // The change stream (IChangeLog): a range scan on chimera_audit_revision_ux from the reader's position.
    public const string ChangesAfter = $"""
        SELECT {Columns} FROM chimera_audit
        WHERE revision > @after
        ORDER BY revision LIMIT @limit
        """;

    public const string Head = "SELECT coalesce(max(revision), 0) FROM chimera_audit";
}

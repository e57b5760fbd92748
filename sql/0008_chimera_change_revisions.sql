-- 0008: a revision on every audit row (spec §12): one total order per cluster, in commit order, for
-- IChimeraClient.WatchAsync and `chimera watch`. A watcher reads "revision > R" and can resume from the
-- last revision it saw, with no gap and no duplicate.
--
-- Why not the identity column `sequence`: identity values are handed out when a row is inserted, not when
-- its transaction commits. With two silos writing, batch A can take sequence 10 and commit after batch B
-- took 11 and committed; a watcher that read 11 and then asks for "> 11" never sees 10.
--
-- The revision instead comes from one counter row, bumped by the very statement that inserts the batch
-- (see Chimera.Postgres/Audit/AuditSql.cs). The UPDATE holds that row's lock until the transaction ends, so
-- a second writer cannot even get its numbers until the first one committed (or rolled back): revision order
-- is commit order, and every revision below one a reader can see is already visible to it. PostgreSQL makes
-- a commit visible before it releases the transaction's locks, so there is no window between the two.
-- The price is that audit batches of all silos commit one at a time; a batch is one statement of up to
-- Chimera:Postgres:AuditBatchMaxRows rows, so this costs one row update per batch, not per row.
--
-- Revisions are strictly increasing but not dense: a redelivered row (ON CONFLICT DO NOTHING) or a rolled
-- back batch leaves its numbers unused.

CREATE TABLE IF NOT EXISTS chimera_revision
(
    id    smallint PRIMARY KEY CHECK (id = 1), -- exactly one row
    value bigint   NOT NULL                    -- the highest revision handed out
);

ALTER TABLE chimera_audit ADD COLUMN IF NOT EXISTS revision bigint;

-- Rows written before this migration: their storage order is the best order there is (there was one writer
-- per batch and no watcher yet). Runs once; a re-run finds nothing to fill.
UPDATE chimera_audit SET revision = sequence WHERE revision IS NULL;

ALTER TABLE chimera_audit ALTER COLUMN revision SET NOT NULL;

INSERT INTO chimera_revision (id, value)
SELECT 1, coalesce(max(revision), 0) FROM chimera_audit
ON CONFLICT (id) DO NOTHING;

-- The change stream reads "revision > @after ORDER BY revision LIMIT n": the start of a range scan here.
-- Unique: two rows with one revision would be a bug in the writer, and this makes it fail loudly.
CREATE UNIQUE INDEX IF NOT EXISTS chimera_audit_revision_ux ON chimera_audit (revision);

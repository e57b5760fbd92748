-- 0003: grain state for Orleans.Persistence.AdoNet 10.4.2.
--
-- Contract (10.4.2): every statement gets @GrainIdHash, @GrainTypeHash (int), @GrainIdN0, @GrainIdN1 (bigint),
-- @GrainTypeString (the state name), @GrainIdExtensionString (string key or key extension, may be NULL) and
-- @ServiceId; writes add @GrainStateVersion (NULL for a first write) and @PayloadBinary (bytea, the only
-- payload 10.4.2 sends: no PayloadJson/PayloadXml). Reads return PayloadBinary and Version; write and clear
-- return one row whose first column is the new version, NULL on a version conflict (the provider then
-- throws InconsistentStateException).

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grain_id_hash      integer     NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_type         text        NOT NULL,
    -- '' when the grain has no string key or extension, so the identity can be a plain primary key.
    grain_id_extension text        NOT NULL,
    service_id         text        NOT NULL,
    payload_binary     bytea       NULL,
    modified_on        timestamptz NOT NULL DEFAULT now(),
    version            integer     NOT NULL,
    -- The two hashes lead the key: they are the most selective columns and both are in every statement.
    PRIMARY KEY (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension, service_id)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension = COALESCE(@GrainIdExtensionString::text, '') AND service_id = @ServiceId;
$q$),
-- With a version: compare-and-swap. Without one: insert, which conflicts if someone else wrote first.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload_binary = @PayloadBinary, modified_on = now(), version = version + 1
    WHERE @GrainStateVersion::integer IS NOT NULL
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
      AND grain_id_extension = COALESCE(@GrainIdExtensionString::text, '') AND service_id = @ServiceId
      AND version = @GrainStateVersion::integer
    RETURNING version),
inserted AS (
    INSERT INTO orleans_storage (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, grain_type,
                                 grain_id_extension, service_id, payload_binary, version)
    SELECT @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1, @GrainTypeString,
           COALESCE(@GrainIdExtensionString::text, ''), @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS "NewGrainStateVersion";
$q$),
-- Clear keeps the row (payload NULL) so the version keeps rising and a stale writer still conflicts.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage
    SET payload_binary = NULL, modified_on = now(), version = version + 1
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
      AND grain_id_extension = COALESCE(@GrainIdExtensionString::text, '') AND service_id = @ServiceId
      AND version = @GrainStateVersion::integer
    RETURNING version)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
$q$),
-- Only used with DeleteStateOnClear=true (Chimera keeps false).
('DeleteStorageKey', $q$
WITH deleted AS (
    DELETE FROM orleans_storage
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
      AND grain_id_extension = COALESCE(@GrainIdExtensionString::text, '') AND service_id = @ServiceId
      AND version = @GrainStateVersion::integer
    RETURNING version)
SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

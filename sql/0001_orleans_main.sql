-- 0001: the statement catalogue the Orleans 10.4.2 AdoNet providers read at start-up.
-- Each provider runs "SELECT QueryKey, QueryText FROM OrleansQuery" and looks its statements up by key;
-- the later scripts fill the catalogue with Chimera's own PostgreSQL statements (written to the
-- parameter and column names the 10.4.2 assemblies use, see sql/README.md).
-- Unquoted names fold to lower case in PostgreSQL; the providers' unquoted query matches them.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

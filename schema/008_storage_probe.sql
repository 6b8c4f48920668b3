-- One row that the group committer rewrites to find out whether the database takes writes
-- again after a failed commit (a full disk, a read-only file): the hall refuses writes until
-- this small durable write succeeds.
CREATE TABLE storage_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at_ms INTEGER NOT NULL
) STRICT;

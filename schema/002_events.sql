-- The hall's history and the state derived from it, all written by the single writer.

-- Every event, append-only. seq is the hall's own gap-free sequence number.
CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    day TEXT NOT NULL,                -- the hall's local calendar day, YYYY-MM-DD
    at_ms INTEGER NOT NULL,           -- Unix time, milliseconds
    type TEXT NOT NULL,
    ticket_id INTEGER,
    queue TEXT,
    window_number INTEGER,
    staff TEXT,
    device TEXT,
    data TEXT NOT NULL                -- JSON object, fields per type (docs/protocol.md)
) STRICT;
CREATE INDEX events_by_day ON events (day, seq);

-- Current state of every ticket (a visit).
CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    number TEXT NOT NULL,
    queue TEXT NOT NULL,
    zone TEXT NOT NULL,
    priority TEXT NOT NULL,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    issued_ms INTEGER NOT NULL,
    called_ms INTEGER,                -- first call
    started_ms INTEGER,
    finished_ms INTEGER,
    window_number INTEGER,
    staff TEXT,
    recalls INTEGER NOT NULL,
    transfers INTEGER NOT NULL,
    idempotency_key TEXT,
    status_key TEXT,
    appointment TEXT,
    UNIQUE (day, number)
) STRICT;
CREATE UNIQUE INDEX tickets_by_idempotency_key ON tickets (day, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX tickets_by_state ON tickets (day, state);

CREATE TABLE items_handled (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,             -- the event that recorded it
    ticket_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    item TEXT NOT NULL,
    department TEXT NOT NULL,
    zone TEXT NOT NULL,
    queue TEXT NOT NULL,
    window_number INTEGER NOT NULL,
    staff TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    finished_ms INTEGER NOT NULL,
    agency INTEGER NOT NULL,
    package TEXT
) STRICT;
CREATE INDEX items_handled_by_day ON items_handled (day);

CREATE TABLE ratings (
    ticket_id INTEGER PRIMARY KEY,
    day TEXT NOT NULL,
    window_number INTEGER NOT NULL,
    staff TEXT NOT NULL,
    grade INTEGER NOT NULL,           -- 1 非常满意 ... 5 非常不满意
    reason TEXT,
    at_ms INTEGER NOT NULL
) STRICT;

-- Figures per day, updated in the same transaction as the events they count.
CREATE TABLE daily_tallies (
    day TEXT NOT NULL,
    dimension TEXT NOT NULL,          -- hall, zone, department, queue, item, window, staff
    key TEXT NOT NULL,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (day, dimension, key, metric)
) STRICT, WITHOUT ROWID;

CREATE TABLE day_closes (
    day TEXT PRIMARY KEY,
    closed_ms INTEGER NOT NULL,
    unserved INTEGER NOT NULL
) STRICT;

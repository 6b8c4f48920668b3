-- The tickets table holds each ticket's current state, rewritten with every change to it. No
-- query of the hall reads it: the engine keeps the day's tickets in memory, rebuilt from the
-- log when the server starts, and checks there that a number or an idempotency key is never
-- used twice in a day. Its three indexes were kept up to date for nobody, and dearly: a new
-- entry lands at its kiosk's or its queue's place in the index, so a transaction rewrote a leaf
-- page for each kiosk and each queue it touched. At 64 kiosks issuing that was 68 of a
-- transaction's 78 pages (BENCHMARKS.md, "Pages per transaction"). The log stays the record;
-- `hall_server verify` finds a number given twice in a day from it.
DROP INDEX tickets_by_idempotency_key;
DROP INDEX tickets_by_state;

CREATE TABLE tickets_new (
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
    appointment TEXT
) STRICT;
INSERT INTO tickets_new SELECT id, day, number, queue, zone, priority, channel, state, issued_ms,
    called_ms, started_ms, finished_ms, window_number, staff, recalls, transfers,
    idempotency_key, status_key, appointment FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_new RENAME TO tickets;

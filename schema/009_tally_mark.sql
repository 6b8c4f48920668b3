-- How far the tallies have counted the log: daily_tallies (and, through its triggers,
-- yearly_tallies) hold the counts of every event up to seq and of none after it. The writer
-- keeps the counts of newer events in memory and adds them at intervals, at every day close and
-- when a reader asks; a reader of another process first counts what the mark has not reached
-- (core/event_store.hpp, catch_up_tallies). After a crash those counts come back from the log.
CREATE TABLE tally_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
) STRICT;

-- Until now every event was counted in its own transaction.
INSERT INTO tally_mark (id, seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events;

-- Registered devices (kiosks, boards, counter terminals, rating pads, manager tools). Only a
-- hash of each device's token is kept; a revoked device keeps its row for the record.
CREATE TABLE devices (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,               -- kiosk, board, counter, rating, manager
    window_number INTEGER,            -- counters and rating pads belong to one window
    token_hash TEXT NOT NULL,         -- hex BLAKE2b-256 of the token's secret part
    created_ms INTEGER NOT NULL,
    revoked_ms INTEGER
) STRICT;

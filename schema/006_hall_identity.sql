-- The hall's identity for shipping its log to a central store (hall_server sync): one row, set
-- once. Each event is then named by (hall_id, seq) everywhere. A new database gets a random id;
-- the region replaces it with its own code (hall_server central hall-id ID) before the first
-- sync, after which it never changes.
CREATE TABLE hall_identity (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    hall_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL
) STRICT;
INSERT INTO hall_identity (singleton, hall_id, created_ms)
    VALUES (1, 'hall-' || lower(hex(randomblob(6))),
            CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- The national item code (国家政务服务事项编码) that links an item to the same item in other
-- halls, whose own codes may differ. Empty where the catalog does not give it.
ALTER TABLE items ADD COLUMN national_code TEXT NOT NULL DEFAULT '';

-- What the hall offers. Rows are retired (active = 0), never deleted, so past records keep their
-- names; membership tables (queue_items, window_queues, ...) describe the current catalog.
CREATE TABLE hall_profile (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE zones (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    zone TEXT NOT NULL,
    stationed_on TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE items (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    high_frequency INTEGER NOT NULL,
    time_limit_days INTEGER NOT NULL,
    materials TEXT NOT NULL,          -- one material per line
    guide_url TEXT NOT NULL,
    stationed_on TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE queues (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    zone TEXT NOT NULL,
    prefix TEXT NOT NULL,
    target_wait_min INTEGER NOT NULL,
    service_min INTEGER NOT NULL,     -- expected service time before any is measured
    priority_classes TEXT NOT NULL,   -- ';'-separated green-channel classes the queue accepts
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE queue_items (
    queue TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (queue, item)
) STRICT, WITHOUT ROWID;

CREATE TABLE windows (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    zone TEXT NOT NULL,
    rule TEXT NOT NULL,               -- "strict", "interleave N:M" or "weighted W"
    agency INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE window_queues (
    window_number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    queue TEXT NOT NULL,
    PRIMARY KEY (window_number, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE window_serve_first (
    window_number INTEGER NOT NULL,
    queue TEXT NOT NULL,
    after_min INTEGER NOT NULL,
    PRIMARY KEY (window_number, queue)
) STRICT, WITHOUT ROWID;

CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    pin_hash TEXT NOT NULL,           -- argon2id, libsodium's crypto_pwhash_str format
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE packages (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    retired_on TEXT
) STRICT;

CREATE TABLE package_items (
    package TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (package, item)
) STRICT, WITHOUT ROWID;

CREATE TABLE catalog_imports (
    id INTEGER PRIMARY KEY,
    imported_ms INTEGER NOT NULL,
    source TEXT NOT NULL,
    summary TEXT NOT NULL
) STRICT;

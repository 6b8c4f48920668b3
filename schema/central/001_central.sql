-- The region's central store: every hall's log, figures and catalog, on PostgreSQL. Written only by
-- the halls' `hall_server sync`; read by `hall_server export --central` and `verify --central`.
-- The big tables are partitioned by year (range of the hall's local day) and, inside a year, by
-- hall (hash of hall_id): a year is dropped or archived whole, and a hall's rows of a year sit in
-- one of a few partitions. counterhall_ensure_year(Y) creates a year's partitions.

-- One row per hall. last_seq is the high-water mark, and the truth of what arrived: every event
-- of the hall numbered up to it is here exactly once, and counted once in the tallies.
CREATE TABLE halls (
    hall_id text PRIMARY KEY,
    name text NOT NULL DEFAULT '',
    time_zone text NOT NULL DEFAULT '',
    last_seq bigint NOT NULL DEFAULT 0,
    last_at_ms bigint,                     -- the time of the event at last_seq
    catalog_import bigint NOT NULL DEFAULT -1,  -- the hall's catalog_imports.id shipped last
    registered_at timestamptz NOT NULL DEFAULT now(),
    synced_at timestamptz
);

-- The halls' logs, as each hall wrote them (schema/002_events.sql), named by (hall_id, seq). The
-- key holds day because a partitioned table's key must hold its partition columns; an event has
-- one day, so (hall_id, seq) is unique all the same.
CREATE TABLE events (
    hall_id text NOT NULL,
    seq bigint NOT NULL,
    day date NOT NULL,
    at_ms bigint NOT NULL,
    type text NOT NULL,
    ticket_id bigint,
    queue text,
    window_number integer,
    staff text,
    device text,
    data jsonb NOT NULL,
    PRIMARY KEY (hall_id, seq, day)
) PARTITION BY RANGE (day);

-- The figures, counted from the shipped events by the hall's own function (core/tally.cpp), in
-- the transaction that stores the events: the same rows as the hall's daily_tallies.
CREATE TABLE daily_tallies (
    hall_id text NOT NULL,
    day date NOT NULL,
    dimension text NOT NULL,
    key text NOT NULL,
    metric text NOT NULL,
    value bigint NOT NULL,
    PRIMARY KEY (hall_id, day, dimension, key, metric)
) PARTITION BY RANGE (day);

-- The same summed by year, as the hall's yearly_tallies: a yearly export reads one row per figure.
CREATE TABLE yearly_tallies (
    hall_id text NOT NULL,
    year integer NOT NULL,
    dimension text NOT NULL,
    key text NOT NULL,
    metric text NOT NULL,
    value bigint NOT NULL,
    PRIMARY KEY (hall_id, year, dimension, key, metric)
) PARTITION BY LIST (year);

-- Ratings, as the hall's ratings table: the export lists the bad reviews with their reasons.
CREATE TABLE ratings (
    hall_id text NOT NULL,
    ticket_id bigint NOT NULL,
    day date NOT NULL,
    window_number integer NOT NULL,
    staff text NOT NULL,
    grade integer NOT NULL,
    reason text,
    at_ms bigint NOT NULL,
    PRIMARY KEY (hall_id, ticket_id, day)
) PARTITION BY RANGE (day);

-- Creates the partitions of year y (idempotent): for each table, the year, and inside it 8
-- partitions by hash of hall_id. Callers hold an advisory lock, as halls may sync at once.
CREATE FUNCTION counterhall_ensure_year(y integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t text;
    h integer;
    parts constant integer := 8;
BEGIN
    FOREACH t IN ARRAY ARRAY['events', 'daily_tallies', 'ratings'] LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L) '
                       'PARTITION BY HASH (hall_id)', t || '_' || y, t,
                       make_date(y, 1, 1), make_date(y + 1, 1, 1));
        FOR h IN 0 .. parts - 1 LOOP
            EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES WITH '
                           '(MODULUS %s, REMAINDER %s)', t || '_' || y || '_h' || h, t || '_' || y,
                           parts, h);
        END LOOP;
    END LOOP;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF yearly_tallies FOR VALUES IN (%s) '
                   'PARTITION BY HASH (hall_id)', 'yearly_tallies_' || y, y);
    FOR h IN 0 .. parts - 1 LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES WITH '
                       '(MODULUS %s, REMAINDER %s)', 'yearly_tallies_' || y || '_h' || h,
                       'yearly_tallies_' || y, parts, h);
    END LOOP;
END;
$$;

-- Each hall's catalog as it last imported it (schema/001_catalog.sql), retired rows included so
-- past figures keep their names. Halls' codes may differ; items.national_code links them. Staff
-- PIN hashes stay in the hall.
CREATE TABLE hall_profile (
    hall_id text NOT NULL REFERENCES halls,
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (hall_id, key)
);
CREATE TABLE zones (
    hall_id text NOT NULL REFERENCES halls,
    code text NOT NULL,
    name text NOT NULL,
    prefix text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, code)
);
CREATE TABLE departments (
    hall_id text NOT NULL REFERENCES halls,
    code text NOT NULL,
    name text NOT NULL,
    zone text NOT NULL,
    stationed_on text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, code)
);
CREATE TABLE items (
    hall_id text NOT NULL REFERENCES halls,
    code text NOT NULL,
    name text NOT NULL,
    department text NOT NULL,
    national_code text NOT NULL,
    high_frequency integer NOT NULL,
    time_limit_days integer NOT NULL,
    stationed_on text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, code)
);
CREATE INDEX items_by_national_code ON items (national_code) WHERE national_code <> '';
CREATE TABLE queues (
    hall_id text NOT NULL REFERENCES halls,
    code text NOT NULL,
    name text NOT NULL,
    zone text NOT NULL,
    prefix text NOT NULL,
    target_wait_min integer NOT NULL,
    service_min integer NOT NULL,
    priority_classes text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, code)
);
CREATE TABLE windows (
    hall_id text NOT NULL REFERENCES halls,
    number integer NOT NULL,
    name text NOT NULL,
    zone text NOT NULL,
    rule text NOT NULL,
    agency integer NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, number)
);
CREATE TABLE staff (
    hall_id text NOT NULL REFERENCES halls,
    id text NOT NULL,
    name text NOT NULL,
    department text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, id)
);
CREATE TABLE packages (
    hall_id text NOT NULL REFERENCES halls,
    code text NOT NULL,
    name text NOT NULL,
    category text NOT NULL,
    active integer NOT NULL,
    retired_on text,
    PRIMARY KEY (hall_id, code)
);

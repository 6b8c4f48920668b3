-- What the statistics and the yearly export read: figures summed by year, kept by triggers in
-- the same transaction as the daily tallies, so a year costs the same to read whatever the
-- history; and indexes for the bad reviews and the figures of each day.

CREATE TABLE yearly_tallies (
    year TEXT NOT NULL,               -- YYYY, the year of the hall's local day
    dimension TEXT NOT NULL,
    key TEXT NOT NULL,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (year, dimension, key, metric)
) STRICT, WITHOUT ROWID;

INSERT INTO yearly_tallies (year, dimension, key, metric, value)
    SELECT substr(day, 1, 4), dimension, key, metric, SUM(value) FROM daily_tallies
    GROUP BY 1, 2, 3, 4;

CREATE TRIGGER daily_tally_added AFTER INSERT ON daily_tallies BEGIN
    INSERT INTO yearly_tallies (year, dimension, key, metric, value)
        VALUES (substr(NEW.day, 1, 4), NEW.dimension, NEW.key, NEW.metric, NEW.value)
        ON CONFLICT (year, dimension, key, metric) DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER daily_tally_changed AFTER UPDATE OF value ON daily_tallies BEGIN
    UPDATE yearly_tallies SET value = value + NEW.value - OLD.value
        WHERE year = substr(NEW.day, 1, 4) AND dimension = NEW.dimension AND key = NEW.key
            AND metric = NEW.metric;
END;

CREATE TRIGGER daily_tally_removed AFTER DELETE ON daily_tallies BEGIN
    UPDATE yearly_tallies SET value = value - OLD.value
        WHERE year = substr(OLD.day, 1, 4) AND dimension = OLD.dimension AND key = OLD.key
            AND metric = OLD.metric;
END;

-- The bad reviews a report lists, and each day's own hall figures (by day, month, weekday):
-- covering partial indexes, so a year of them is one short range read.
CREATE INDEX ratings_bad_by_day ON ratings (day, at_ms, ticket_id, window_number, staff, grade,
    reason) WHERE grade >= 4;
CREATE INDEX daily_hall_figures ON daily_tallies (day, metric, value)
    WHERE dimension = 'hall' AND metric IN ('issued', 'served', 'no_show', 'cancelled',
        'unserved', 'items_handled');

#!/usr/bin/env bash
# The central store's benchmarks (issue 8): sync throughput, catch-up after a day and a week
# offline, verify --central on a year, and the yearly export over 22 halls, against a scratch
# PostgreSQL on this machine. Results go to BENCHMARKS.md ("Central") by hand.
#
#   bench/central_bench.sh BUILD_DIR WORK_DIR [YEAR_DB]
#
# WORK_DIR is created and removed. Halls of a day and of a week at the report's scale (3,000
# visits a day) are generated with hall_generate_year. YEAR_DB, a generated report-scale year
# (hall_generate_year --years 1), gives its figures (tallies, bad reviews) to a central hall
# 640000; they are then copied under 21 more hall ids (only what the export reads: catalog,
# yearly tallies, each day's hall figures, bad reviews), so the export reads 22 report-scale
# halls. Without YEAR_DB the week's hall is copied instead.
set -euo pipefail

build=$(cd "${1:?usage: central_bench.sh BUILD_DIR WORK_DIR [YEAR_DB]}" && pwd)
work=${2:?usage: central_bench.sh BUILD_DIR WORK_DIR [YEAR_DB]}
year_db=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
server=$build/hall_server/hall_server
generate=${GENERATE:-$build/bench/hall_generate_year}
pg=$here/tests/central/scratch_postgres.sh

if [[ -e "$work" ]]; then
  echo "central_bench.sh: $work exists; give a new folder" >&2
  exit 2
fi
mkdir -p "$work"
trap '"$pg" remove "$work/pg" >/dev/null 2>&1 || true' EXIT
uri=$("$pg" start "$work/pg")
echo "central: $uri"

seconds() { python3 -c 'import sys, time; print(f"{time.time():.3f}")'; }
events_of() { python3 -c 'import sqlite3, sys; print(sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute("SELECT COUNT(*) FROM events").fetchone()[0])' "$1"; }

# Ships DB whole to the central, as a hall that was offline that long catches up.
ship() {
  local db=$1 id=$2 label=$3
  "$server" central hall-id "$id" --db "$db" >/dev/null
  local n start end
  n=$(events_of "$db")
  start=$(seconds)
  "$server" sync --to "$uri" --db "$db" --batch 5000 >/dev/null
  end=$(seconds)
  python3 -c 'import sys; n, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f"{sys.argv[4]}: {n} events shipped in {s:.1f} s = {n / s:,.0f} events/s")' \
    "$n" "$start" "$end" "$label"
}

for days in 1 7; do
  db=$work/days$days.db
  start=$(seconds)
  "$generate" --db "$db" --days-per-year "$days" --visits-per-day 3000 --seed "$days" 2>/dev/null
  echo "generated $days day(s) of 3000 visits in $(python3 -c "print(f'{$(seconds) - $start:.1f}')") s"
  ship "$db" "bench-$days" "catch-up after $days day(s) offline"
done

start=$(seconds)
"$server" verify --central "$uri" --year 2019 --db "$work/days7.db" | tail -n 1
echo "verify --central on the week: $(python3 -c "print(f'{$(seconds) - $start:.1f}')") s"

first=bench-7
if [[ -n "$year_db" ]]; then
  # The year's figures as the hall counted them (its tallies, each day's hall figures, its bad
  # reviews), loaded straight into the central as hall 640000 with the week hall's catalog (the
  # same demo catalog): shipping its 4.46 M events takes longer than this run has.
  first=640000
  start=$(seconds)
  psql -q "$uri" -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
    -c "INSERT INTO halls (hall_id, name, time_zone, last_seq, catalog_import) SELECT '640000', name, time_zone, 0, catalog_import FROM halls WHERE hall_id = 'bench-7'" \
    -c "SELECT counterhall_ensure_year(2019)"
  for t in hall_profile zones departments items queues windows staff packages; do
    psql -q "$uri" -v ON_ERROR_STOP=1 -c "INSERT INTO $t SELECT (jsonb_populate_record(NULL::$t, to_jsonb(x) || '{\"hall_id\": \"640000\"}')).* FROM $t x WHERE hall_id = 'bench-7'"
  done
  load() {  # SQL on the year's SQLite database | COPY into the central table
    python3 -c 'import csv, sqlite3, sys
w = csv.writer(sys.stdout)
for row in sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True).execute(sys.argv[2]):
    w.writerow(["640000", *row])' "$year_db" "$1" | psql -q "$uri" -v ON_ERROR_STOP=1 -c "\\copy $2 FROM pstdin WITH (FORMAT csv, NULL '<null>')"
  }
  load "SELECT CAST(year AS INTEGER), dimension, key, metric, value FROM yearly_tallies WHERE year = '2019'" \
    "yearly_tallies (hall_id, year, dimension, key, metric, value)"
  load "SELECT day, dimension, key, metric, value FROM daily_tallies WHERE day LIKE '2019-%' AND dimension = 'hall'" \
    "daily_tallies (hall_id, day, dimension, key, metric, value)"
  load "SELECT ticket_id, day, window_number, staff, grade, reason, at_ms FROM ratings WHERE day LIKE '2019-%' AND grade >= 4" \
    "ratings (hall_id, ticket_id, day, window_number, staff, grade, reason, at_ms)"
  echo "the year's figures loaded as hall 640000 in $(python3 -c "print(f'{$(seconds) - $start:.1f}')") s"
fi

# 21 more halls with the first one's figures.
start=$(seconds)
PGOPTIONS="-c bench.src=$first" psql -q "$uri" -v ON_ERROR_STOP=1 <<'SQL'
CREATE FUNCTION pg_temp.copy_rows(t text, src text, dst text, filter text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('INSERT INTO %I SELECT (jsonb_populate_record(NULL::%I, to_jsonb(x) || '
                 'jsonb_build_object(''hall_id'', %L))).* FROM %I x WHERE hall_id = %L %s',
                 t, t, dst, t, src, filter);
END $$;
DO $$
DECLARE
  src text := current_setting('bench.src');
  dst text;
  t text;
BEGIN
  FOR i IN 1 .. 21 LOOP
    dst := 'copy-' || lpad(i::text, 2, '0');
    INSERT INTO halls (hall_id, name, time_zone, last_seq, catalog_import)
      SELECT dst, name || ' ' || i, time_zone, last_seq, catalog_import FROM halls WHERE hall_id = src;
    FOREACH t IN ARRAY ARRAY['hall_profile', 'zones', 'departments', 'items', 'queues', 'windows',
                             'staff', 'packages', 'yearly_tallies'] LOOP
      PERFORM pg_temp.copy_rows(t, src, dst, '');
    END LOOP;
    PERFORM pg_temp.copy_rows('daily_tallies', src, dst, 'AND dimension = ''hall'' AND key = ''''');
    PERFORM pg_temp.copy_rows('ratings', src, dst, 'AND grade >= 4');
  END LOOP;
END $$;
SQL
echo "21 halls copied from $first in $(python3 -c "print(f'{$(seconds) - $start:.1f}')") s"

halls="$first,$(psql -q "$uri" -At -c "SELECT string_agg(hall_id, ',' ORDER BY hall_id) FROM halls WHERE hall_id LIKE 'copy-%'")"
psql -q "$uri" -At -c "SELECT 'items handled in 2019 over the 22 halls: ' || sum(value) FROM yearly_tallies WHERE year = 2019 AND dimension = 'hall' AND metric = 'items_handled' AND hall_id = ANY('{$halls}')"

# The yearly export over the 22 halls, each format three times.
for format in csv json md xlsx; do
  for run in 1 2 3; do
    start=$(seconds)
    "$server" export --central "$uri" --hall "$halls" --year 2019 --format "$format" --out "$work/all.$format" 2>/dev/null
    echo "export --central over 22 halls, $format, run $run: $(python3 -c "print(f'{$(seconds) - $start:.2f}')") s, $(stat -c %s "$work/all.$format") bytes"
  done
done
start=$(seconds)
"$server" export --central "$uri" --year 2019 --format md --hall "$first" --out "$work/one.md" 2>/dev/null
echo "export --central of one hall, md: $(python3 -c "print(f'{$(seconds) - $start:.2f}')") s"
psql -q "$uri" -At -c "SELECT 'central database size: ' || pg_size_pretty(pg_database_size(current_database()))" \
  -c "SELECT 'events table: ' || pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c WHERE c.relname LIKE 'events_2019_h%'"
"$pg" remove "$work/pg"
rm -rf "$work"

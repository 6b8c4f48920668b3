#!/usr/bin/env bash
# Measures hall_server's yearly export in each format, verify on a year, and the database's size,
# on a database made by hall_generate_year. Never run by ctest: timings belong in BENCHMARKS.md.
#
# usage: bench/export_bench.sh BUILD_DIR DATABASE YEAR [RUNS]
#
# Each export runs RUNS times (default 7) after one warm-up run (the first read of a file fresh
# from the generator is the disk's, not the export's); the table gives the median and the
# fastest wall time, and the median CPU time (user + system), which a busy machine disturbs
# less. Output files go to a temporary directory, removed at the end.
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '4,5p' "$0" >&2
  exit 2
fi
build=$1 db=$2 year=$3 runs=${4:-7}
server="$build/hall_server/hall_server"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs a command RUNS times; prints "median_wall fastest_wall median_cpu" in milliseconds. Wall
# time from the clock in nanoseconds, CPU time (user + system) from GNU time, in 10 ms steps.
measure() {
  "$@" >/dev/null 2>&1
  local walls=() cpus=()
  for ((i = 0; i < runs; i++)); do
    local start end times
    start=$(date +%s%N)
    /usr/bin/time -o "$out/time" -f '%U %S' "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times=$(tail -1 "$out/time")
    walls+=("$(((end - start) / 1000000))")
    cpus+=("$(awk -v t="$times" 'BEGIN { split(t, a, " "); print (a[1] + a[2]) * 1000 }')")
  done
  local mid=$(((runs + 1) / 2))
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")" \
    "$(printf '%s\n' "${walls[@]}" | sort -n | head -1)" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

echo "database: $db ($(du -h --apparent-size "$db" | cut -f1)), year $year, $runs runs, $(nproc) cores"
echo
echo "| what | median wall | fastest wall | median CPU | output |"
echo "|---|---:|---:|---:|---:|"
for format in csv json md xlsx; do
  file="$out/export.$format"
  read -r median fastest cpu < <(measure "$server" export --db "$db" --year "$year" \
    --format "$format" --out "$file")
  echo "| export --format $format | $median ms | $fastest ms | $cpu ms | $(stat -c %s "$file") bytes |"
done
read -r median fastest cpu < <(runs=3 measure "$server" verify --db "$db" --year "$year")
echo "| verify --year $year | $median ms | $fastest ms | $cpu ms | |"
echo
"$server" verify --db "$db" --year "$year" | tail -1 || true

#!/usr/bin/env bash
# The server benchmarks of BENCHMARKS.md ("Server"): durable issuing against an echo and a
# SQLite baseline, call-to-board fan-out, memory with 1,000 devices, start-up with history.
#
#   bench/server_bench.sh [--smoke] [--only PARTS] [--year1 DB] [--year10 DB] BUILD_DIR
#
# PARTS is a comma-separated list of issue, fanout, memory, startup (default: all). --smoke runs
# every part at tiny sizes in seconds (ctest does, so that the programs keep working); it never
# judges a figure. Every run starts a real hall_server on a free loopback port over a fresh copy
# of a database holding the demo catalog and the benchmark's devices. The figures are printed
# and kept in $WORK/results.txt.
set -euo pipefail

smoke=0
only="issue,fanout,memory,startup"
year1=/work/bench-data/year1.db
year10=/work/bench-data/year10.db
while [[ $# -gt 1 ]]; do
    case "$1" in
        --smoke) smoke=1; shift ;;
        --only) only="$2"; shift 2 ;;
        --year1) year1="$2"; shift 2 ;;
        --year10) year10="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
[[ $# -eq 1 ]] || { sed -n '2,12p' "$0" >&2; exit 2; }
build="$(cd "$1" && pwd)"
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
server="${HALL_SERVER:-$build/hall_server/hall_server}"  # HALL_SERVER: another build of it to compare
bin="$build/bench"
wants() { [[ ",$only," == *",$1,"* ]]; }
need() {
    for program in "$@"; do
        [[ -x "$program" ]] || { echo "missing $program: build it first" >&2; exit 2; }
    done
}
need "$server"
wants issue && need "$bin"/hall_bench_{ws_load,echo_baseline,sqlite_baseline}
wants fanout && need "$bin/hall_bench_board_fanout" && need "$bin/hall_bench_fanout_baseline"
wants memory && need "$bin/hall_bench_server_memory"
wants startup && need "$bin/hall_bench_startup"

if [[ $smoke -eq 1 ]]; then
    kiosks=3; boards=5; clients_list="1 3"; pipelines="1 8"; warmup=0.2; seconds=0.5
    fanout_list="1 5"; rounds=5; sqlite_seconds=0.3; startup_runs=1; settle=0.2
else
    kiosks=300; boards=510; clients_list="1 16 64 256"; pipelines="1 64"; warmup=1; seconds=5
    fanout_list="10 100 500"; rounds=300; sqlite_seconds=3; startup_runs=7; settle=2
fi
windows=$(($(wc -l < "$source_dir/assets/demo-catalog/windows.csv") - 1))

WORK="${WORK:-$(mktemp -d /tmp/hall-bench.XXXXXX)}"
mkdir -p "$WORK"
results="$WORK/results.txt"
: > "$results"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [[ $smoke -eq 1 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
say() { echo "$*" | tee -a "$results"; }
say "# $(date -u +%FT%TZ) $(uname -n), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The demo catalog, open all day (00:00 to 23:59 in its time zone) so that a run at any hour
# can issue; everything else is the demo hall's.
mkdir -p "$WORK/catalog"
cp "$source_dir"/assets/demo-catalog/*.csv "$WORK/catalog/"
sed -i -e 's/^opens,.*/opens,00:00/' -e 's/^closes,.*/closes,23:58/' "$WORK/catalog/hall.csv"
grep -q '^day_close,' "$WORK/catalog/hall.csv" &&
    sed -i 's/^day_close,.*/day_close,23:59/' "$WORK/catalog/hall.csv" ||
    echo "day_close,23:59" >> "$WORK/catalog/hall.csv"

# The device rate limit (50 requests/s per device by default) would cap the load long before
# the server: the benchmark raises it through the configuration file when serve has one.
config_args=()
if "$server" serve --help 2>&1 | grep -q -- '--config'; then
    cat > "$WORK/bench.toml" <<'TOML'
[limits]
connections = 5000
requests_per_second = 100000
request_burst = 100000
TOML
    config_args=(--config "$WORK/bench.toml")
else
    say "# note: this hall_server has no --config: the default rate limit (50 requests/s a device) applies"
fi
# The smoke run (a test) puts the server on a test clock standing at a weekday morning, so that
# it passes whenever it runs; the measured runs keep the system's clock, as a hall does, and meet
# the day's close if run at 23:58-24:00 in the hall's zone (15:58-16:00 UTC).
if [[ $smoke -eq 1 ]]; then
    config_args+=(--test-clock 2026-03-02T10:00)
fi

# One template database: the catalog and every device the runs use; each run gets a copy.
template="$WORK/template.db"
if [[ ! -f "$template" ]]; then
    "$server" import --db "$template.new" "$WORK/catalog" > /dev/null
    add() {  # role name [window] >> tokens file
        local role="$1" name="$2" window="${3:-}"
        if [[ -n "$window" ]]; then
            "$server" device add --db "$template.new" --role "$role" --window "$window" "$name"
        else
            "$server" device add --db "$template.new" --role "$role" "$name"
        fi
    }
    : > "$WORK/kiosks.txt"; : > "$WORK/boards.txt"; : > "$WORK/counters.txt"; : > "$WORK/ratings.txt"
    for ((i = 1; i <= kiosks; i++)); do add kiosk "bench-kiosk-$i" >> "$WORK/kiosks.txt"; done
    for ((i = 1; i <= boards; i++)); do add board "bench-board-$i" >> "$WORK/boards.txt"; done
    for ((w = 1; w <= (smoke ? 1 : windows); w++)); do
        add counter "bench-counter-$w" "$w" >> "$WORK/counters.txt"
        add rating "bench-rating-$w" "$w" >> "$WORK/ratings.txt"
    done
    mv "$template.new" "$template"
fi

fresh_db() {  # name: a copy of the template
    rm -f "$WORK/$1.db" "$WORK/$1.db-wal" "$WORK/$1.db-shm"
    cp "$template" "$WORK/$1.db"
    echo "$WORK/$1.db"
}

start_server() {  # db: starts hall_server, sets server_pid and port
    local log="$WORK/server.log"
    "$server" serve --db "$1" --listen 127.0.0.1:0 "${config_args[@]}" > "$log" 2>&1 &
    server_pid=$!
    port=""
    for _ in $(seq 200); do
        port=$(sed -n 's/.*serving on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
        [[ -n "$port" ]] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "hall_server did not start:" >&2
    cat "$log" >&2
    exit 1
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

metric() {  # name: its value from /metrics
    curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}

field() {  # line key: the value of key=value in a result line
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"
}

if wants issue; then
    say "## durable ticket issuing over the WebSocket, against an echo round trip"
    batch_sum=0; batch_runs=0
    for pipeline in $pipelines; do
        for clients in $clients_list; do
            start_server "$(fresh_db issue)"
            line=$("$bin/hall_bench_ws_load" --port "$port" --tokens "$WORK/kiosks.txt" \
                --clients "$clients" --pipeline "$pipeline" --warmup "$warmup" --seconds "$seconds")
            say "$line"
            tx=$(metric hall_commit_transactions_total); rq=$(metric hall_commit_requests_total)
            say "server commits: transactions=$tx requests=$rq requests_per_transaction=$(awk -v a="$rq" -v b="$tx" 'BEGIN { printf "%.1f", b ? a / b : 0 }')"
            if [[ "$clients" == 64 || $smoke -eq 1 ]]; then
                batch_sum=$(awk -v s="$batch_sum" -v a="$rq" -v b="$tx" 'BEGIN { printf "%.1f", s + (b ? a / b : 0) }')
                batch_runs=$((batch_runs + 1))
            fi
            stop_server
            say "$("$bin/hall_bench_echo_baseline" --clients "$clients" --pipeline "$pipeline" \
                --request-bytes "$(field "$line" request_bytes)" --reply-bytes "$(field "$line" reply_bytes)" \
                --warmup "$warmup" --seconds "$seconds")"
        done
    done
    # SQLite alone, in transactions as large as the server's at 64 clients, on the same disk.
    batch=$(awk -v s="$batch_sum" -v n="$batch_runs" 'BEGIN { b = n ? s / n : 1; printf "%d", b < 1 ? 1 : b + 0.5 }')
    for b in 1 "$batch"; do
        rm -f "$WORK/sqlite-baseline.db"
        say "$("$bin/hall_bench_sqlite_baseline" --db "$WORK/sqlite-baseline.db" --batch "$b" --seconds "$sqlite_seconds")"
    done
fi

if wants fanout; then
    say "## call to every board"
    counter=$(head -1 "$WORK/counters.txt"); kiosk=$(head -1 "$WORK/kiosks.txt")
    for count in $fanout_list; do
        start_server "$(fresh_db fanout)"
        line=$("$bin/hall_bench_board_fanout" --port "$port" --boards "$WORK/boards.txt" --count "$count" \
            --counter "$counter" --kiosk "$kiosk" --rounds "$rounds")
        say "$line"
        stop_server
        # The same rounds over plain loopback TCP: what the machine itself takes to reach the boards.
        say "$("$bin/hall_bench_fanout_baseline" --count "$count" --bytes "$(field "$line" call_bytes)" \
            --rounds "$rounds")"
    done
fi

if wants memory; then
    say "## server memory with every device connected"
    start_server "$(fresh_db memory)"
    sleep 0.5
    cat "$WORK"/{kiosks,boards,counters,ratings}.txt > "$WORK/all-devices.txt"
    say "$("$bin/hall_bench_server_memory" --port "$port" --pid "$server_pid" --tokens "$WORK/all-devices.txt" --settle "$settle")"
    stop_server
fi

if wants startup; then
    say "## start-up: process start to /healthz answering"
    say "$("$bin/hall_bench_startup" --server "$server" --db "$(fresh_db startup)" --runs "$startup_runs" --extra "${config_args[*]}")"
    for history in "$year1" "$year10"; do
        if [[ $smoke -eq 1 || ! -f "$history" ]]; then
            [[ $smoke -eq 1 ]] || say "# $history is missing: start-up with its history not measured"
            continue
        fi
        # serve writes to the database (it may close an old day): a copy, read once into the page cache.
        copy="$WORK/history-$(basename "$history")"
        cp "$history" "$copy"
        cat "$copy" > /dev/null
        # The first start may migrate the schema or close the history's last day: shown apart.
        say "first start: $("$bin/hall_bench_startup" --server "$server" --db "$copy" --runs 1 --extra "${config_args[*]}")"
        say "$("$bin/hall_bench_startup" --server "$server" --db "$copy" --runs "$startup_runs" --extra "${config_args[*]}")"
        rm -f "$copy" "$copy-wal" "$copy-shm"
    done
fi
say "# done, load average $(cut -d' ' -f1-3 /proc/loadavg)"

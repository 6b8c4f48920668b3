#!/usr/bin/env bash
# Where a simulated day's CPU goes: plays days with hall_sim --fast and reads the server's threads'
# CPU time from /proc until the simulator stops the server, then prints it per request.
#   bench/sim_cpu.sh [BUILD_DIR] [DAYS] [HALL_SERVER]   (defaults: build, 5, BUILD_DIR's server)
# The simulator's own CPU is the total that /usr/bin/time prints, less the server's.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
days=${2:-5}
server=${3:-$build_dir/hall_server/hall_server}
cmake --build "$build_dir" --target hall_sim hall_server -j "$(nproc)" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/time -f "%e s wall, %U s user, %S s system (simulator and server)" \
  "$build_dir/hall_sim/hall_sim" --fast --days "$days" --db "$work/h.db" \
  --hall-server "$server" >"$work/sim.out" 2>&1 &
sim=$!
pid=
for _ in $(seq 600); do
  pid=$(pgrep -f -- "serve --db $work/h.db" || true)
  [ -n "$pid" ] && break
  sleep 0.05
done
[ -n "$pid" ] || { cat "$work/sim.out"; echo "the server did not start" >&2; exit 1; }
# utime + stime of each thread, in clock ticks, as last seen alive.
while kill -0 "$pid" 2>/dev/null; do
  for task in /proc/"$pid"/task/*; do
    echo "$(cat "$task/comm" 2>/dev/null) $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null)"
  done >"$work/threads.new" 2>/dev/null && mv "$work/threads.new" "$work/threads"
  sleep 0.2
done
wait "$sim" || { cat "$work/sim.out"; exit 1; }

grep -E "days played|clock steps|differ|wall" "$work/sim.out"
requests=$(grep -o '[0-9]* requests (' "$work/sim.out" | cut -d' ' -f1)
ticks=$(getconf CLK_TCK)
awk -v requests="$requests" -v ticks="$ticks" '$2 > 0 {
  printf "server thread %-16s %7.2f s of CPU, %5.1f us a request\n", $1, $2 / ticks,
         $2 / ticks / requests * 1e6 }' "$work/threads"

#!/usr/bin/env bash
# The long kill -9 run: kiosks and counters at full speed against a real hall_server that is
# killed at random moments and restarted, then every invariant checked (tests/faults/). The
# server follows a test clock standing at a weekday morning, so the run never meets the day's close.
#   bench/fault_kill_loop.sh [BUILD_DIR] [KILLS]     (defaults: build, 100)
# Builds hall_fault_load and hall_server in BUILD_DIR if needed; exits 1 if an invariant breaks.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
kills=${2:-100}
cmake --build "$build_dir" --target hall_fault_load hall_server -j "$(nproc)" >/dev/null
echo "== kill -9 loop: 12 kiosks, 24 counters, $kills kills 0.3-3 s apart"
"$build_dir/bench/hall_fault_load" --kiosks 12 --counters 24 --operations 100000000 \
  --kills "$kills" --kill-after 300 3000

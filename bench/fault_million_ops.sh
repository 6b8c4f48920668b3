#!/usr/bin/env bash
# A million acknowledged changes from many kiosks and counters at once (every window of the demo
# hall but the agency windows), then every invariant checked (tests/faults/). The server follows
# a test clock standing at a weekday morning, so the run never meets the day's close.
#   bench/fault_million_ops.sh [BUILD_DIR] [OPERATIONS]   (defaults: build, 1000000)
# Builds hall_fault_load and hall_server in BUILD_DIR if needed; exits 1 if an invariant breaks.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
operations=${2:-1000000}
cmake --build "$build_dir" --target hall_fault_load hall_server -j "$(nproc)" >/dev/null
echo "== $operations changes: 40 kiosks, 91 counters"
"$build_dir/bench/hall_fault_load" --kiosks 40 --counters 91 --operations "$operations"

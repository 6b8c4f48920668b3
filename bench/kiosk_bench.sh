#!/bin/sh
# The kiosk's benchmarks (issue 6): tap to ticket on screen, frame time, idle CPU and memory,
# against a real hall_server on loopback with SDL's dummy video driver, and, when Xvfb is
# installed, idle under a real X server too. Prints Markdown for BENCHMARKS.md's Kiosk section.
#   BUILD_DIR=build-kiosk-bench bench/kiosk_bench.sh [--taps N] [--idle-seconds S]
set -eu
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-kiosk-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target kiosk_bench -j2 >/dev/null
display=""
if command -v Xvfb >/dev/null 2>&1; then
    Xvfb :97 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill $xvfb 2>/dev/null || true' EXIT
    sleep 1
    display=":97"
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$display" ]; then
    "$build/kiosk/kiosk_bench" --display "$display" "$@"
else
    "$build/kiosk/kiosk_bench" "$@"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

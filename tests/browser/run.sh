#!/usr/bin/env bash
# Headless Chromium against a real hall_server: the board shows a call as a counter makes it,
# and a ticket's status page shows its window. Screenshots go to OUT_DIR.
# usage: run.sh HALL_SERVER SOURCE_DIR OUT_DIR
set -euo pipefail
server=$1 source=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

# playwright-core only drives the Chromium that Debian installs; it downloads no browser.
if [[ ! -d "$out/node_modules/playwright-core" ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$out/"
  (cd "$out" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

db=$work/hall.db
"$server" import --db "$db" "$source/assets/demo-catalog" >/dev/null
board=$("$server" device add --db "$db" --role board board-tv)
kiosk=$("$server" device add --db "$db" --role kiosk kiosk-1)
counter=$("$server" device add --db "$db" --role counter --window 1 counter-1)
manager=$("$server" device add --db "$db" --role manager manager-1)
# The board's clock is checked against the real time, so this server follows the system's clock.
# The demo hall closes its day at 23:59 in its zone (15:59 UTC): in the two minutes before the
# new day the test waits for it, so that no close or new day comes in the middle of the flow.
while ((10#$(TZ=Asia/Shanghai date +%H%M) >= 2358)); do sleep 1; done
"$server" serve --db "$db" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*serving on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.log")
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$work/server.log"; exit 1; }

NODE_PATH="$out/node_modules" BASE="http://127.0.0.1:$port" BOARD_TOKEN="$board" \
  KIOSK_TOKEN="$kiosk" COUNTER_TOKEN="$counter" MANAGER_TOKEN="$manager" OUT_DIR="$out" \
  node "$here/pages.mjs"

#!/usr/bin/env bash
# The main job: installs what is missing, builds, loads the demo catalog into ./hall.db and
# registers the demo devices (once), then runs the hall server on it, with the four kiosk roles
# (ticket kiosk, board, counter, rating pad) in windows when there is a display.
# Options after the command go to `hall_server serve` (e.g. --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh
BUILD_DIR=build scripts/build.sh
db=${HALL_DB:-./hall.db}
tokens=${HALL_DEMO_TOKENS:-./demo-devices.txt}
server=build/hall_server/hall_server

if [[ ! -f "$db" ]]; then
  "$server" import --db "$db" assets/demo-catalog
fi
if [[ ! -f "$tokens" ]]; then
  # One device of each role; counter and rating pad at window 1. Tokens are shown only once,
  # so the demo keeps them in a file readable by its owner alone.
  umask 077
  {
    echo "board=$("$server" device add --db "$db" --role board demo-board)"
    echo "kiosk=$("$server" device add --db "$db" --role kiosk demo-kiosk)"
    echo "counter=$("$server" device add --db "$db" --role counter --window 1 demo-counter)"
    echo "rating=$("$server" device add --db "$db" --role rating --window 1 demo-rating)"
    echo "manager=$("$server" device add --db "$db" --role manager demo-manager)"
  } >"$tokens"
fi
board_token=$(sed -n 's/^board=//p' "$tokens")

cat <<TXT

The demo hall (demo data: 9 zones, 61 departments, 1171 items, 95 windows, 257 staff, PIN 1234).
  Board in a browser:  http://127.0.0.1:8080/board#token=$board_token
                       (with --listen, use the address hall_server prints below)
  Live state:          curl http://127.0.0.1:8080/api/state
  Device tokens:       $tokens  (REST: Authorization: Bearer TOKEN, see docs/protocol.md)
Stop with Ctrl-C.

TXT
# With a desktop, the four kiosk roles open in windows once the server listens; without one,
# the script says how to see them (kiosk --screenshot).
kiosk/run-demo-roles.sh --db "$db" --tokens "$tokens" --build build &
exec "$server" serve --db "$db" "$@"

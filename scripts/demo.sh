#!/usr/bin/env bash
# The main job: installs what is missing, builds, loads the demo catalog into ./hall.db and
# registers the demo devices (once), then runs the hall server on it, with the four kiosk roles
# (ticket kiosk, board, counter, rating pad) in windows when there is a display.
# Options after the command go to `hall_server serve` (e.g. --listen 0.0.0.0:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  cat <<'TXT'
usage: scripts/demo.sh [hall_server serve options, e.g. --listen 127.0.0.1:8090]

Installs what is missing, builds, loads the demo catalog into ./hall.db and registers the demo
devices (once, tokens in ./demo-devices.txt), then runs hall_server serve on it (127.0.0.1:8080
unless --listen says otherwise) with the four kiosk roles in windows when there is a display.
HALL_DB and HALL_DEMO_TOKENS choose other files. The serve options: hall_server serve --help.
TXT
  exit 0
fi
# Where the server will listen, for the addresses printed below and the kiosk roles.
listen=127.0.0.1:8080
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --listen) listen=${args[i + 1]:-$listen} ;;
    --listen=*) listen=${args[i]#--listen=} ;;
  esac
done
# A server on every interface is reached here through loopback.
address=${listen/#0.0.0.0:/127.0.0.1:}
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
  Board in a browser:  http://$address/board#token=$board_token
  Live state:          curl http://$address/api/state
  Device tokens:       $tokens  (REST: Authorization: Bearer TOKEN, see docs/protocol.md)
Stop with Ctrl-C.

TXT
# With a desktop, the four kiosk roles open in windows once the server listens; without one,
# the script says how to see them (kiosk --screenshot).
kiosk/run-demo-roles.sh --db "$db" --tokens "$tokens" --build build --server "ws://$address" &
exec "$server" serve --db "$db" "$@"

#!/usr/bin/env bash
# Opens the four kiosk roles (ticket kiosk, board, counter at window 1, rating pad at window 1)
# in windows on this desktop, against a running or starting demo hall_server. Without a display
# it says how to see the roles instead and exits. Ctrl-C (or the server's end) closes them.
#
#   kiosk/run-demo-roles.sh [--db ./hall.db] [--tokens ./demo-devices.txt]
#                           [--server ws://127.0.0.1:8080] [--build build] [--mute]
#
# Tokens come from the tokens file (KEY=TOKEN lines: kiosk=, board=, counter=, rating=) when it
# has them; otherwise the devices are added with `hall_server device add` and written there.
set -euo pipefail
cd "$(dirname "$0")/.."

db=./hall.db
tokens=./demo-devices.txt
server_url=ws://127.0.0.1:8080
build=build
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) db=$2; shift 2 ;;
    --tokens) tokens=$2; shift 2 ;;
    --server) server_url=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --mute) extra+=(--mute); shift ;;
    *) echo "run-demo-roles: unknown option $1" >&2; exit 2 ;;
  esac
done
hall_server=$build/hall_server/hall_server
kiosk=$build/kiosk/kiosk

token_of() { if [[ -f "$tokens" ]]; then sed -n "s/^$1=//p" "$tokens" | head -n 1; fi; }

add_device() {  # ROLE KEY [WINDOW]
  local role=$1 key=$2 window=${3:-} name token
  name="demo-$key-$(date +%s)"
  if [[ -n "$window" ]]; then
    token=$("$hall_server" device add --db "$db" --role "$role" --window "$window" "$name")
  else
    token=$("$hall_server" device add --db "$db" --role "$role" "$name")
  fi
  (umask 077; echo "$key=$token" >>"$tokens")
  echo "$token"
}

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  cat <<TXT
No display here, so the kiosk roles are not opened. To see them:
  - on a desktop, run this again there (or ./scripts/demo.sh);
  - or render any role to a PNG without a display, e.g.
      $kiosk --role board --server $server_url --token \$(sed -n 's/^board=//p' $tokens) --screenshot board.png
TXT
  exit 0
fi

kiosk_token=$(token_of kiosk); [[ -n "$kiosk_token" ]] || kiosk_token=$(add_device kiosk kiosk)
board_token=$(token_of board); [[ -n "$board_token" ]] || board_token=$(add_device board board)
counter_token=$(token_of counter); [[ -n "$counter_token" ]] || counter_token=$(add_device counter counter 1)
rating_token=$(token_of rating); [[ -n "$rating_token" ]] || rating_token=$(add_device rating rating 1)

# The server may still be starting: wait for its port (the kiosks would reconnect anyway, but
# a first screen of "out of service" is a poor welcome).
hostport=${server_url#ws://}; hostport=${hostport%%/*}
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null && break
  sleep 0.2
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

common=(--server "$server_url" --windowed "${extra[@]}")
# Side by side on one 1920x1080 desktop, each role laid out at its window's size: the ticket
# kiosk on the left (portrait), the board at the top, the counter and the rating pad below it,
# with room for the window manager's title bars.
# Tokens go through the environment, not the command line that `ps` shows to everyone.
HALL_DEVICE_TOKEN=$kiosk_token "$kiosk" --role ticket --size 480x854 --position 0,0 "${common[@]}" & pids+=($!)
HALL_DEVICE_TOKEN=$board_token "$kiosk" --role board --size 1024x576 --position 480,0 "${common[@]}" & pids+=($!)
HALL_DEVICE_TOKEN=$counter_token "$kiosk" --role counter --size 720x432 --position 480,620 "${common[@]}" & pids+=($!)
HALL_DEVICE_TOKEN=$rating_token "$kiosk" --role rating --size 720x432 --position 1200,620 "${common[@]}" & pids+=($!)
echo "kiosk roles open: ticket, board, counter (window 1, staff S001, PIN 1234), rating (window 1)"
wait

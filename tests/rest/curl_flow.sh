#!/usr/bin/env bash
# A day's flow through REST with curl against a real hall_server: a kiosk issues and checks in,
# a counter calls, serves and finishes, the rating pad rates, a manager reads the figures; bad
# requests get their codes.
# usage: curl_flow.sh HALL_SERVER SOURCE_DIR
set -euo pipefail
server=$1 source=$2
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
passed=0 failed=0

db=$work/hall.db
"$server" import --db "$db" "$source/assets/demo-catalog" >/dev/null
kiosk=$("$server" device add --db "$db" --role kiosk kiosk-1)
counter=$("$server" device add --db "$db" --role counter --window 1 counter-1)
rating=$("$server" device add --db "$db" --role rating --window 1 rating-1)
manager=$("$server" device add --db "$db" --role manager manager-1)
# On a test clock standing at a weekday morning: on the system's clock a run in the hall's last
# minute of the day (23:59 in Asia/Shanghai) would meet the day's close.
clock_start=2026-03-02T10:00
"$server" serve --db "$db" --listen 127.0.0.1:0 --test-clock "$clock_start" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's/.*serving on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/server.log")
  [[ -n "$port" ]] && break
  sleep 0.1
done
base=http://127.0.0.1:$port

# call METHOD PATH TOKEN BODY: prints "STATUS BODY"
call() {
  local auth=()
  [[ -n "$3" ]] && auth=(-H "Authorization: Bearer $3")
  curl -s -o "$work/body" -w '%{http_code}' -X "$1" "${auth[@]}" \
    -H 'Content-Type: application/json' --data-binary "$4" "$base$2"
  printf ' %s' "$(cat "$work/body")"
}
# expect NAME WANT_STATUS WANT_TEXT METHOD PATH TOKEN BODY
expect() {
  local got
  got=$(call "$4" "$5" "$6" "$7")
  if [[ "$got" == "$2 "* && "$got" == *"$3"* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $1: wanted $2 with $3, got ${got:0:300}" >&2
  fi
}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

queue=$(curl -s "$base/api/catalog" | json "['result']['windows'][0]['queues'][0]")
item=$(curl -s "$base/api/catalog" | python3 -c "
import json,sys; c=json.load(sys.stdin)['result']
print(next(q for q in c['queues'] if q['code']=='$queue')['items'][0])")

expect "a kiosk issues a ticket" 200 '"number":"A001"' POST /api/tickets "$kiosk" "{\"queue\":\"$queue\"}"
expect "an appointment is checked in with priority" 200 '"priority":"appointment"' POST /api/check-in "$kiosk" "{\"queue\":\"$queue\",\"appointment\":\"YY-0001\"}"
expect "a ticket's status is read" 200 '"state":"waiting"' GET /api/tickets/A001 "$kiosk" ""
# The scheme's name is case-insensitive (RFC 9110 11.1): "bearer", and two spaces, are Bearer.
status=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: bearer  $kiosk" "$base/api/tickets/A001")
if [[ "$status" == 200 ]]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAILED: a lowercase bearer scheme: got $status" >&2; fi
expect "the counter's staff logs in" 200 '"id":"S001"' POST /api/windows/1/login "$counter" '{"staff":"S001","pin":"1234"}'
expect "the appointment is called first" 200 '"number":"A002"' POST /api/windows/1/call_next "$counter" ""
expect "service starts" 200 '"state":"serving"' POST /api/windows/1/start "$counter" ""
expect "the visit finishes with an item" 200 '"state":"finished"' POST /api/windows/1/finish "$counter" "{\"items\":[\"$item\"]}"
expect "the rating pad rates the visit" 200 '"number":"A002"' POST /api/windows/1/rate "$rating" '{"grade":1}'
expect "a visit is rated once" 409 '"already_rated"' POST /api/windows/1/rate "$rating" '{"grade":2}'
expect "the manager reads the day's figures" 200 '"served":1' GET /api/stats "$manager" ""
expect "a day without figures has them empty" 200 '"hall":{},"zones":{}' GET "/api/stats?day=2001-01-01" "$manager" ""
expect "a day that is not a date" 400 '"bad_request"' GET "/api/stats?day=2019-02-30" "$manager" ""
expect "an empty day is no date either" 400 '"bad_request"' GET "/api/stats?day=" "$manager" ""
expect "the public state shows the last call" 200 '"recent_calls":[{"at_ms"' GET /api/state "" ""

year=${clock_start:0:4}
expect "the manager exports the year as Markdown" 200 '市民大厅共进驻单位61家' GET "/api/export?year=$year&format=md" "$manager" ""
expect "a kiosk may not export" 403 '"forbidden"' GET "/api/export?year=$year&format=md" "$kiosk" ""
expect "an export needs a known format" 400 '"bad_request"' GET "/api/export?year=$year&format=pdf" "$manager" ""
expect "an export's year is 1900 to 9998" 400 'from 1900 to 9998' GET "/api/export?year=9999&format=md" "$manager" ""
expect "no token" 401 '"unauthenticated"' POST /api/tickets "" "{\"queue\":\"$queue\"}"
expect "a wrong token" 401 '"unauthenticated"' POST /api/tickets "kiosk-1.nope" "{\"queue\":\"$queue\"}"
expect "a kiosk may not call" 403 '"forbidden"' POST /api/windows/1/call_next "$kiosk" ""
expect "a counter acts only at its window" 403 '"forbidden"' POST /api/windows/2/call_next "$counter" ""
expect "malformed JSON" 400 '"bad_json"' POST /api/tickets "$kiosk" '{"queue":'
expect "a missing field" 400 '"bad_request"' POST /api/tickets "$kiosk" '{}'
expect "a mistyped field" 400 '"bad_request"' POST /api/tickets "$kiosk" '{"queue":3}'
expect "an unknown queue" 404 '"unknown_queue"' POST /api/tickets "$kiosk" '{"queue":"Q99"}'
expect "an unknown operation" 400 '"unknown_op"' POST /api/windows/1/dance "$counter" ''
expect "a window number with a leading zero names no window" 404 '"unknown_window"' POST /api/windows/01/call_next "$counter" ''
expect "an unknown ticket" 404 '"unknown_ticket"' GET /api/tickets/Z999 "$kiosk" ""
expect "invalid UTF-8" 400 '"invalid_utf8"' POST /api/tickets "$kiosk" $'{"queue":"\xff"}'
expect "a body over 64 KiB" 413 '"too_large"' POST /api/tickets "$kiosk" "{\"queue\":\"$(head -c 70000 /dev/zero | tr '\0' x)\"}"
expect "a wrong PIN" 403 '"wrong_pin"' POST /api/windows/1/login "$counter" '{"staff":"S002","pin":"9999"}'
expect "an unknown page" 404 '"not_found"' GET /nowhere "" ""
expect "a window's route takes only a window's operations" 400 '"unknown_op"' POST /api/windows/1/issue "$counter" "{\"queue\":\"$queue\"}"
expect "the path is percent-decoded" 200 '"number":"A001"' GET /api/tickets/%41001 "$kiosk" ""
expect "a broken percent-escape" 400 '"bad_request"' GET /api/tickets/A%2 "$kiosk" ""
expect "a percent-escape that is no UTF-8 text" 400 '"bad_request"' GET /api/tickets/A%FF1 "$kiosk" ""
expect "the health check" 200 '"ok":true' GET /healthz "" ""

# Nothing refused was stored: two tickets, one visit.
tickets=$(curl -s "$base/api/state" | python3 -c "import json,sys; print(sum(q['waiting'] for q in json.load(sys.stdin)['result']['queues']))")
if [[ "$tickets" == 1 ]]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "FAILED: one ticket should wait, $tickets do" >&2
fi
expect "the metrics count requests" 200 'hall_requests_total{op="issue",result="ok"} 1' GET /metrics "" ""
# Refused before the operation ran, and counted all the same, as over the WebSocket.
expect "the metrics count a malformed body" 200 'hall_requests_total{op="issue",result="bad_json"} 1' GET /metrics "" ""
expect "the metrics count a missing or wrong token" 200 'hall_requests_total{op="issue",result="unauthenticated"} 2' GET /metrics "" ""
expect "the metrics count another window's device" 200 'hall_requests_total{op="call_next",result="forbidden"} 2' GET /metrics "" ""

echo "rest flow: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

#!/usr/bin/env bash
# Every unit in UNITS_DIR passes `systemd-analyze verify` with nothing at all on stderr (it exits
# 0 on an unknown key, with only a warning), and every system service rates an exposure of 2.0
# or lower in `systemd-analyze security`. The units' /usr/bin/ programs are replaced by the ones
# given, so that verify finds them executable.
# usage: check_units.sh UNITS_DIR USER_UNITS_DIR HALL_SERVER KIOSK
set -euo pipefail
units=$1 user_units=$2 hall_server=$(realpath -m "$3") kiosk=$(realpath -m "$4")
[[ -x "$hall_server" ]] || { echo "not executable: $hall_server" >&2; exit 1; }
[[ -x "$kiosk" ]] || kiosk=/bin/true  # a build without the kiosk

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/system" "$work/user" "$work/run"
rewrite() {
  sed -e "s#/usr/bin/hall_server#$hall_server#g" -e "s#/usr/bin/kiosk#$kiosk#g" "$1" >"$2"
}

failed=0
check() {  # check SCOPE_FLAG UNIT_PATH
  local errors
  errors=$(XDG_RUNTIME_DIR="$work/run" systemd-analyze verify $1 "$2" 2>&1 >/dev/null) || true
  if [[ -n "$errors" ]]; then
    echo "FAIL verify $(basename "$2"):" >&2
    echo "$errors" >&2
    failed=1
  else
    echo "ok   verify $(basename "$2")"
  fi
}

count=0
for unit in "$units"/*.service "$units"/*.timer; do
  [[ -e "$unit" ]] || continue
  rewrite "$unit" "$work/system/$(basename "$unit")"
  count=$((count + 1))
done
for unit in "$work"/system/*; do
  check "" "$unit"
done
for unit in "$work"/system/*.service; do
  if ! report=$(systemd-analyze security --offline=yes --threshold=20 "$unit" 2>&1); then
    echo "FAIL security $(basename "$unit"): $(grep 'Overall exposure' <<<"$report")" >&2
    grep '✗' <<<"$report" >&2 || true
    failed=1
  else
    echo "ok   security $(grep -o 'Overall exposure.*' <<<"$report")"
  fi
done
for unit in "$user_units"/*.service; do
  [[ -e "$unit" ]] || continue
  name=$(basename "$unit")
  rewrite "$unit" "$work/user/$name"
  # A template is verified as one of its instances.
  [[ "$name" == *@.service ]] && mv "$work/user/$name" "$work/user/${name/@./@board.}" &&
    name=${name/@./@board.}
  check --user "$work/user/$name"
  count=$((count + 1))
done
[[ $count -gt 0 ]] || { echo "no units found in $units" >&2; exit 1; }
exit $failed

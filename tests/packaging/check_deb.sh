#!/usr/bin/env bash
# Builds the .deb with cpack, unpacks it into a scratch root with dpkg-deb -x (nothing is
# installed on this machine), and checks its files, its control data and its units.
# usage: check_deb.sh BUILD_DIR SOURCE_DIR WITH_KIOSK(ON|OFF)
set -euo pipefail
build=$1 source=$2 with_kiosk=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/out/counterhall_*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

# The control data: Debian package names for every library, the maintainer scripts, the conffile.
dpkg-deb -e "$deb" "$work/control"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in libsqlite3-0 libsodium23 libxlsxwriter4 libtomlplusplus3 libsystemd0 libssl3 systemd tzdata; do
  grep -q "\b$package\b" <<<"$depends" || fail "Depends lacks $package"
done
if [[ $with_kiosk == ON ]]; then
  for package in libsdl2-2.0-0 libsdl2-ttf-2.0-0 libqrencode4 espeak-ng-data fonts-noto-cjk; do
    grep -q "\b$package\b" <<<"$depends" || fail "Depends lacks $package"
  done
fi
for script in postinst prerm postrm; do
  [[ -x "$work/control/$script" ]] || fail "no executable $script"
done
grep -qx /etc/counterhall/hall-server.toml "$work/control/conffiles" ||
  fail "/etc/counterhall/hall-server.toml is not a conffile"
# Data is kept: no maintainer script removes /var/lib/counterhall.
if grep -n 'rm .*\(/var/lib/counterhall\|\$STATE\)' "$work"/control/post* "$work"/control/prerm; then
  fail "a maintainer script removes the hall's data"
fi

root="$work/root"
dpkg-deb -x "$deb" "$root"
expect=(
  usr/bin/hall_server
  etc/counterhall/hall-server.toml
  usr/lib/systemd/system/hall-server.service
  usr/lib/systemd/system/hall-server-backup.service
  usr/lib/systemd/system/hall-server-backup.timer
  usr/lib/systemd/system/hall-server-sync.service
  usr/lib/sysusers.d/counterhall.conf
  usr/share/counterhall/demo-catalog/hall.csv
  usr/share/counterhall/demo-catalog/items.csv
  usr/share/doc/counterhall/operations.md
  usr/share/doc/counterhall/README.md
  usr/share/doc/counterhall/protocol.md
)
[[ $with_kiosk == ON ]] && expect+=(usr/bin/kiosk usr/lib/systemd/user/kiosk@.service)
for path in "${expect[@]}"; do
  [[ -e "$root/$path" ]] || fail "the package lacks /$path"
done
[[ -z $(find "$root" -path "$root/var/*" -print -quit) ]] ||
  fail "the package ships files under /var (systemd makes the state directory)"

# The unpacked server runs (tests/test_server_config.cpp reads the shipped settings file).
"$root/usr/bin/hall_server" --help | grep -q backup || fail "hall_server --help"

kiosk="$root/usr/bin/kiosk"
bash "$source/tests/systemd/check_units.sh" "$root/usr/lib/systemd/system" \
  "$root/usr/lib/systemd/user" "$root/usr/bin/hall_server" "$kiosk" || failed=1
exit $failed

#!/usr/bin/env bash
# Installs the Debian packages counterhall builds and runs with, if any are missing.
# As root it runs apt-get; otherwise it prints the exact command to run and stops.
set -euo pipefail

packages=(
  build-essential cmake pkg-config tzdata curl python3
  libsqlite3-dev libmimalloc-dev libboost-dev nlohmann-json3-dev libsimdjson-dev libsodium-dev libxlsxwriter-dev
  libtomlplusplus-dev libsystemd-dev libssl-dev openssl systemd dpkg-dev
  libpq-dev postgresql
  catch2
  clang-14 libclang-rt-14-dev e2fsprogs
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfontconfig-dev fonts-noto-cjk fonts-wqy-microhei
  libqrencode-dev libespeak-ng-dev espeak-ng-data
  chromium
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# The browser tests run playwright-core on Node.js; any Node.js 18 or newer will do.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "counterhall needs these Debian packages. Install them as root, then run this again:" >&2
  echo "  sudo apt-get update && sudo $command" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
$command

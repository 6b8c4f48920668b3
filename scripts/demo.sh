#!/usr/bin/env bash
# The main job: installs what is missing, builds, loads the demo catalog into ./hall.db (once)
# and runs the hall server on it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh
BUILD_DIR=build scripts/build.sh
db=${HALL_DB:-./hall.db}
server=build/hall_server/hall_server
if [[ ! -f "$db" ]]; then
  "$server" import --db "$db" assets/demo-catalog
fi
exec "$server" serve --db "$db" "$@"

#!/usr/bin/env bash
# The test command: installs what is missing, builds with warnings as errors, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh
BUILD_DIR=build scripts/build.sh -DHALL_SANITIZE=OFF
ctest --test-dir build --output-on-failure -j "$(nproc)"

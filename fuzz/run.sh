#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 in a build dir of their own and runs each for a while.
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]   (targets: fuzz_message_decoder fuzz_csv_reader
#                                               fuzz_catalog_import; default all)
# Corpora grow in BUILD_DIR/corpus/TARGET, seeded from fuzz/corpus/; a crash or a broken check
# leaves its input in BUILD_DIR/artifacts/ and fails the run. Exits 77 (skipped) without clang-14.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(fuzz_message_decoder fuzz_csv_reader fuzz_catalog_import)

if ! command -v clang++-14 >/dev/null; then
  echo "clang++-14 is not installed: fuzzing skipped (apt-get install clang-14)" >&2
  exit 77
fi

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$source_dir" -B "$build_dir" -DHALL_FUZZ=ON -DHALL_BUILD_TESTS=OFF \
  -DHALL_BUILD_KIOSK=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" >/dev/null
cmake --build "$build_dir" --target "${targets[@]}" -j "$(nproc)"

mkdir -p "$build_dir/artifacts"
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  corpus="$build_dir/corpus/$name"
  mkdir -p "$corpus"
  echo "== $target: $seconds s"
  # The WebSocket caps a message at 64 KiB; catalog files are larger, but what breaks a reader
  # shows in a few KiB.
  max_len=65536
  [[ $name == message_decoder ]] || max_len=16384
  log="$build_dir/artifacts/$name.log"
  set +e
  "$build_dir/fuzz/$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build_dir/artifacts/$name-" "$corpus" "$source_dir/fuzz/corpus/$name" \
    >"$log" 2>&1
  status=$?
  set -e
  grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' "$log" | tail -n 40 || true
  if [[ $status -ne 0 ]]; then
    echo "$target failed (exit $status); the input is in $build_dir/artifacts/" >&2
    exit 1
  fi
done
echo "fuzzing passed: ${targets[*]}, $seconds s each"

#!/usr/bin/env bash
# Doorstep's two commands (see README.md):
#   ./run.sh          set up, build, and run the main job (the demo: a local
#                     office server, a tablet synced against it, a visit)
#   ./run.sh test     set up, build, run every test; then again under
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   ./run.sh bench    set up, build in Release, run the benchmarks
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
mode=${1:-run}

./scripts/setup.sh

jobs=$(nproc)
configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

# Tests that open a real window (the screenshot test) need a display: give
# them a virtual one when there is none.
with_display() {
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
  else
    "$@"
  fi
}

case "$mode" in
  run)
    configure_and_build build/dev -DCMAKE_BUILD_TYPE=RelWithDebInfo
    exec ./scripts/demo.sh "$root/build/dev"
    ;;
  test)
    configure_and_build build/dev -DCMAKE_BUILD_TYPE=RelWithDebInfo
    (cd build/dev && with_display ctest --output-on-failure -j "$jobs" --timeout 600)
    echo "== fuzzing the office request decoders and the limited JSON reader (libFuzzer, clang, bounded) =="
    ./scripts/fuzz.sh "${DOORSTEP_FUZZ_SECONDS:-60}"
    echo "== again under AddressSanitizer + UndefinedBehaviorSanitizer =="
    configure_and_build build/asan -DCMAKE_BUILD_TYPE=Debug -DDOORSTEP_SANITIZE=ON
    (cd build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       with_display ctest --output-on-failure -j "$jobs" --timeout 900)
    ;;
  bench)
    configure_and_build build/release -DCMAKE_BUILD_TYPE=Release
    exec ./scripts/bench.sh "$root/build/release"
    ;;
  *)
    echo "usage: ./run.sh [run|test|bench]" >&2
    exit 64
    ;;
esac

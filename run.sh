#!/usr/bin/env bash
# Doorstep's two commands (see README.md):
#   ./run.sh          set up, build, and run the main job (the demo: a local
#                     office server, a tablet synced against it, a visit)
#   ./run.sh test     set up, build, run every test; the screenshot test
#                     again on OpenGL ES 3 (compared with the desktop GL
#                     frames); core/'s unit tests on arm64 (as ./run.sh
#                     arm64); the sync tests under ThreadSanitizer; then
#                     everything under AddressSanitizer +
#                     UndefinedBehaviorSanitizer
#   ./run.sh bench    set up, build in Release, run the benchmarks
#   ./run.sh arm64    set up the arm64 cross tools, cross-build core/ and its
#                     unit tests for arm64, run them under qemu-user
#                     (docs/platforms.md)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
mode=${1:-run}

./scripts/setup.sh "$mode"

jobs=$(nproc)
configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}
configure_and_build_targets() { # dir, "target...", extra cmake args...
  local dir=$1 targets=$2; shift 2
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  # shellcheck disable=SC2086 # the targets are words
  cmake --build "$dir" -j "$jobs" --target $targets
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

# The field app built for OpenGL ES 3 (as on tablets): only the app and the
# screenshot test, whose frames must match the desktop GL build's (run first,
# into build/dev/screenshots). See docs/platforms.md.
gles_screenshots() {
  local start=$SECONDS
  configure_and_build_targets build/gles "doorstep test_field_screenshots" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOORSTEP_GLES3=ON \
    -DDOORSTEP_REFERENCE_SCREENSHOTS="$root/build/dev/screenshots"
  (cd build/gles && with_display ctest --output-on-failure -R '^test_field_screenshots:' --timeout 600)
  sed 's/^/  gles: /' build/gles/screenshots/gl-context.txt
  echo "  gles: build and run took $((SECONDS - start)) s"
}

# core/ and its unit tests cross-built for arm64, run under qemu-user
# (needs `scripts/setup.sh arm64`). The Argon2id timing test is left out:
# under an emulator it measures qemu (about 19 s), not an ARM CPU.
arm64_core() {
  local start=$SECONDS
  configure_and_build build/arm64 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64-linux-gnu.cmake" -DDOORSTEP_CORE_ONLY=ON
  (cd build/arm64 && ctest --output-on-failure -j "$jobs" --timeout 900 -E 'default Argon2id preset takes')
  echo "  arm64: build and run took $((SECONDS - start)) s"
}

# The sync tests under ThreadSanitizer: the device's pipelined pull (a page
# fetched on another thread while the last is applied) and the in-process
# office's worker threads and group commit. Only test_sync is built; its
# PostgreSQL and fault-injection cases (separate processes) are left out.
# Any race report fails the run. -Wno-tsan: Asio's fences, which TSan does
# not model, would otherwise be errors (-Werror).
tsan_sync() {
  local start=$SECONDS
  configure_and_build_targets build/tsan test_sync -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-fsanitize=thread -Wno-tsan" -DCMAKE_C_FLAGS="-fsanitize=thread" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread"
  (cd build/tsan/tests && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ./test_sync '[sync]~[postgres]~[fault]')
  echo "  tsan: build and run took $((SECONDS - start)) s"
}

case "$mode" in
  run)
    configure_and_build build/dev -DCMAKE_BUILD_TYPE=RelWithDebInfo
    exec ./scripts/demo.sh "$root/build/dev"
    ;;
  test)
    configure_and_build build/dev -DCMAKE_BUILD_TYPE=RelWithDebInfo
    (cd build/dev && with_display ctest --output-on-failure -j "$jobs" --timeout 600)
    echo "== the field app on OpenGL ES 3: screenshots, compared with desktop GL's =="
    gles_screenshots
    echo "== core/ and its unit tests on arm64, under qemu-user =="
    arm64_core
    echo "== fuzzing the office request decoders and the limited JSON reader (libFuzzer, clang, bounded) =="
    ./scripts/fuzz.sh "${DOORSTEP_FUZZ_SECONDS:-60}"
    echo "== the sync tests under ThreadSanitizer =="
    tsan_sync
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
  arm64)
    arm64_core
    ;;
  *)
    echo "usage: ./run.sh [run|test|bench|arm64]" >&2
    exit 64
    ;;
esac

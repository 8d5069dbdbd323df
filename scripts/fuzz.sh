#!/usr/bin/env bash
# Builds the libFuzzer target for the office request decoders with clang and
# runs it for a bounded time. Usage: scripts/fuzz.sh [SECONDS] (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=build/fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDOORSTEP_FUZZ=ON -DDOORSTEP_BUILD_FIELD_APP=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=address,undefined,fuzzer-no-link" \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link" >/dev/null
cmake --build "$build" --target fuzz_request_decoder -j2
corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
cp tests/sync/golden/*.json "$corpus/"
"$build/tests/fuzz_request_decoder" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -print_final_stats=1 "$corpus"

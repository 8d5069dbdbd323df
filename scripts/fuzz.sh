#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time:
#   fuzz_request_decoder  the office request decoders (sync/protocol.cpp)
#   fuzz_json_limits      parse_json_limited + JsonReader (domain/json_limits)
# Usage: scripts/fuzz.sh [SECONDS] (default 60): the total for both, split
# evenly (at least 1 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
each=$(( seconds / 2 ))
(( each >= 1 )) || each=1
build=build/fuzz
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDOORSTEP_FUZZ=ON -DDOORSTEP_BUILD_FIELD_APP=OFF \
  -DCMAKE_C_FLAGS="-fsanitize=address,undefined,fuzzer-no-link" \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link" >/dev/null
cmake --build "$build" --target fuzz_request_decoder fuzz_json_limits -j2

corpus="$build/fuzz-corpus"
mkdir -p "$corpus"
cp tests/sync/golden/*.json "$corpus/"
"$build/tests/fuzz_request_decoder" -max_total_time="$each" -max_len=65536 -timeout=10 \
  -print_final_stats=1 "$corpus"

# fuzz_json_limits reads its first byte as the choice of limits (0: change,
# 1: request, 2: tiny ones from the next four bytes): seed each choice.
json_corpus="$build/fuzz-corpus-json"
mkdir -p "$json_corpus"
for f in tests/sync/golden/*.json; do
  name=$(basename "$f" .json)
  { printf '\x00'; cat "$f"; } >"$json_corpus/change-$name"
  { printf '\x01'; cat "$f"; } >"$json_corpus/request-$name"
  { printf '\x02\x07\x08\x06\x20'; cat "$f"; } >"$json_corpus/tiny-$name"
done
"$build/tests/fuzz_json_limits" -max_total_time="$each" -max_len=65536 -timeout=10 \
  -print_final_stats=1 "$json_corpus"

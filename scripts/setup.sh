#!/usr/bin/env bash
# Installs what Doorstep needs to build on Debian 12: Debian packages, and the
# SQLCipher 4.5.5 amalgamation from npm, verified by sha256 before use.
# Idempotent: does nothing that is already done. Needs root for apt-get.
#   scripts/setup.sh          what every build needs
#   scripts/setup.sh arm64    also the arm64 cross-build and qemu-user
#   scripts/setup.sh test     (`./run.sh arm64`, `./run.sh test`): adds the
#                             arm64 dpkg architecture, ~60 packages once
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libssl-dev libsodium-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev libspdlog-dev libfmt-dev
  libboost-dev libzxcvbn-dev catch2
  libimgui-dev libsdl2-dev libgles-dev libgl1-mesa-dri libstb-dev xvfb xauth fonts-dejavu-core gettext
  clang libclang-rt-14-dev
  libmstch-dev libqrencode-dev chromium chromium-driver python3-selenium zbar-tools
  postgresql-15 libpq-dev
)

# The arm64 cross-build: Debian's cross compilers, qemu-user to run the
# tests, the arm64 builds of the libraries core/ links, and Debian's arm64
# C and C++ runtime for qemu to run them with. Header-only
# packages above (nlohmann-json, CLI11, Catch2) serve every architecture.
arm64_packages=(
  crossbuild-essential-arm64 qemu-user
  libsodium-dev:arm64 libssl-dev:arm64 libzxcvbn-dev:arm64
  libsimdjson14:arm64  # with the native libsimdjson-dev's header (cmake/Simdjson.cmake)
  libc6:arm64 libstdc++6:arm64  # what qemu-aarch64 runs the tests with
)

sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm fetches the pinned SQLCipher source; use the machine's own if it has one.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${1:-}" = arm64 ] || [ "${1:-}" = test ]; then
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    echo "setup: adding the arm64 dpkg architecture"
    "${sudo_cmd[@]}" dpkg --add-architecture arm64
  fi
  for p in "${arm64_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# SQLCipher: pinned version, pinned hashes of the two files we compile.
version=4.5.5
dest="$here/.deps/sqlcipher-$version"
sha_c=457f4de07269b6e4e72b52980448c37bec36395ce16fee5929bd5a80f79f9715
sha_h=31eeab05c62ed890e96c6fcfba46471a647f93eaf664b90f7cb5978c3dd34ba4
verify() {
  echo "$sha_c  $dest/sqlite3.c" | sha256sum --check --status &&
  echo "$sha_h  $dest/sqlite3.h" | sha256sum --check --status
}
if ! { [ -f "$dest/sqlite3.c" ] && verify; }; then
  echo "setup: fetching SQLCipher $version amalgamation"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "@commapp/sqlcipher-amalgamation@$version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$dest"
  cp "$tmp/package/src/sqlite3.c" "$tmp/package/src/sqlite3.h" "$tmp/package/LICENSE" "$dest/"
  if ! verify; then
    rm -rf "$dest"
    echo "setup: SQLCipher checksum mismatch: refusing to build" >&2
    exit 1
  fi
fi

# axe-core for the console's browser test (tests/console): pinned version,
# pinned hash, into .deps (gitignored; never committed).
axe_version=4.10.2
axe_dest="$here/.deps/axe-core-$axe_version"
axe_sha=b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3
if ! { [ -f "$axe_dest/axe.min.js" ] && echo "$axe_sha  $axe_dest/axe.min.js" | sha256sum --check --status; }; then
  echo "setup: fetching axe-core $axe_version"
  tmp_axe=$(mktemp -d)
  (cd "$tmp_axe" && npm pack --silent "axe-core@$axe_version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$axe_dest"
  cp "$tmp_axe/package/axe.min.js" "$tmp_axe/package/LICENSE" "$axe_dest/"
  rm -rf "$tmp_axe"
  if ! echo "$axe_sha  $axe_dest/axe.min.js" | sha256sum --check --status; then
    rm -rf "$axe_dest"
    echo "setup: axe-core checksum mismatch" >&2
    exit 1
  fi
fi

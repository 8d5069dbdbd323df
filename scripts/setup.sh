#!/usr/bin/env bash
# Installs what Doorstep needs to build on Debian 12: Debian packages, and the
# SQLCipher 4.5.5 amalgamation from npm, verified by sha256 before use.
# Idempotent: does nothing that is already done. Needs root for apt-get.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libssl-dev libsodium-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libboost-dev libzxcvbn-dev catch2
  libimgui-dev libsdl2-dev libgles-dev libgl1-mesa-dri libstb-dev xvfb xauth fonts-dejavu-core
  clang libclang-rt-14-dev
  postgresql-15 libpq-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm fetches the pinned SQLCipher source; use the machine's own if it has one.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
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

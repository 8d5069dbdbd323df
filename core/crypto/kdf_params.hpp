#pragma once
// Argon2id cost parameters (libsodium crypto_pwhash, ALG_ARGON2ID13). They
// are stored in each key file, so changing the defaults never breaks files
// written earlier: old files unlock with the costs they were made with.
#include <cstddef>
#include <cstdint>

namespace doorstep {

struct KdfParams {
  std::uint64_t opslimit = 0;  // passes over memory
  std::size_t memlimit = 0;    // bytes

  // Accepted when creating or reading a key file. Lower bounds are
  // libsodium's Argon2id minimums; upper bounds stop a tampered file from
  // asking for an absurd amount of memory or time.
  static constexpr std::uint64_t kMinOps = 1;
  static constexpr std::uint64_t kMaxOps = 64;
  static constexpr std::size_t kMinMem = 8192;
  static constexpr std::size_t kMaxMem = std::size_t{4} << 30;  // 4 GiB

  // What enrollment and passphrase changes use. Measured on the 2-core
  // development box (libsodium 1.0.18, Debian 12, median of 3):
  //   ops 2 / 256 MiB: 0.31 s   ops 3 / 256 MiB: 0.44 s   ops 4 / 256 MiB: 0.56 s
  // We take ops 3 / 256 MiB (libsodium's MODERATE preset, ~0.45 s here):
  // tablets are slower than this box, which keeps them near the design's
  // "half a second to a second".
  static constexpr KdfParams interactive_default() { return {3, std::size_t{256} << 20}; }
  // Cheap parameters for tests and the crash harness only (~10 ms).
  static constexpr KdfParams fast_for_tests() { return {1, std::size_t{8192} * 1024}; }

  [[nodiscard]] constexpr bool within_limits() const {
    return opslimit >= kMinOps && opslimit <= kMaxOps && memlimit >= kMinMem && memlimit <= kMaxMem;
  }

  bool operator==(const KdfParams&) const = default;
};

}  // namespace doorstep

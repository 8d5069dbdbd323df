#pragma once
// BLAKE2b with a 32-byte digest (libsodium crypto_generichash, unkeyed).
// The audit chain hashes with this; so does the recovery key id.
#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace doorstep {

using Digest256 = std::array<std::uint8_t, 32>;

Digest256 blake2b_256(std::span<const std::uint8_t> bytes);
Digest256 blake2b_256(std::string_view text);

// Incremental form: update() any number of times, then finish() once.
// blake2b_256(a + b) == Blake2bHasher().update(a).update(b).finish().
// Copyable: a copy continues independently from the same state.
class Blake2bHasher {
 public:
  Blake2bHasher();
  Blake2bHasher& update(std::span<const std::uint8_t> bytes);
  Blake2bHasher& update(std::string_view text);
  // Throws Error(usage) if called twice or update() follows it.
  Digest256 finish();

 private:
  crypto_generichash_state m_state{};
  bool m_finished = false;
};

}  // namespace doorstep

#include "crypto/hash.hpp"

#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"

namespace doorstep {

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

Digest256 blake2b_256(std::span<const std::uint8_t> bytes) {
  ensure_sodium();
  Digest256 out{};
  crypto_generichash(out.data(), out.size(), bytes.data(), bytes.size(), nullptr, 0);
  return out;
}

Digest256 blake2b_256(std::string_view text) { return blake2b_256(as_bytes(text)); }

Blake2bHasher::Blake2bHasher() {
  ensure_sodium();
  crypto_generichash_init(&m_state, nullptr, 0, Digest256{}.size());
}

Blake2bHasher& Blake2bHasher::update(std::span<const std::uint8_t> bytes) {
  if (m_finished) throw Error(ErrorCode::usage, "Blake2bHasher: update() after finish()");
  crypto_generichash_update(&m_state, bytes.data(), bytes.size());
  return *this;
}

Blake2bHasher& Blake2bHasher::update(std::string_view text) { return update(as_bytes(text)); }

Digest256 Blake2bHasher::finish() {
  if (m_finished) throw Error(ErrorCode::usage, "Blake2bHasher: finish() called twice");
  m_finished = true;
  Digest256 out{};
  crypto_generichash_final(&m_state, out.data(), out.size());
  return out;
}

}  // namespace doorstep

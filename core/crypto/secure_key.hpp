#pragma once
// A 32-byte secret key (the store's DEK, an office recovery secret key) held
// in locked, guarded, read-only, zeroed-on-free memory. Move-only.
// Invariant: a non-empty SecureKey holds exactly kSize bytes that never
// change after construction; a default-constructed or moved-from key is
// empty and bytes() is an empty span.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "crypto/secure_buffer.hpp"

namespace doorstep {

class SecureKey {
 public:
  static constexpr std::size_t kSize = 32;

  SecureKey() = default;
  static SecureKey random();
  // Throws Error(bad_input) unless bytes.size() == kSize.
  static SecureKey from_bytes(std::span<const std::uint8_t> bytes);
  // Takes over a buffer already filled with the key (so the key is never
  // copied through ordinary memory). Throws Error(internal) unless its
  // size is kSize.
  static SecureKey adopt(SecureBuffer&& filled);

  [[nodiscard]] bool empty() const { return m_buf.empty(); }
  [[nodiscard]] std::span<const std::uint8_t> bytes() const { return m_buf.span(); }
  // Constant-time comparison. Two empty keys are equal.
  [[nodiscard]] bool equals(const SecureKey& other) const;

  // Calls fn with the SQLCipher raw-key literal x'<64 lower-case hex>',
  // built in sodium_malloc memory that is zeroed and freed when fn returns
  // (or throws). fn must not keep the view. Throws Error(usage) if empty.
  void with_sqlcipher_key(const std::function<void(std::string_view)>& fn) const;
  // The same literal as an ordinary std::string, which the caller must wipe
  // (sodium_memzero) when done. Prefer with_sqlcipher_key.
  [[nodiscard]] std::string sqlcipher_raw_key() const;

 private:
  explicit SecureKey(SecureBuffer&& buf);
  SecureBuffer m_buf;
};

}  // namespace doorstep

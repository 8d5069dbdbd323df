#include "crypto/secure_key.hpp"

#include <sodium.h>

#include <algorithm>
#include <utility>

#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"

namespace doorstep {

namespace {

// "x'" + 64 hex digits + "'"
constexpr std::size_t kLiteralSize = 2 + 2 * SecureKey::kSize + 1;

}  // namespace

SecureKey::SecureKey(SecureBuffer&& buf) : m_buf(std::move(buf)) { m_buf.make_readonly(); }

SecureKey SecureKey::random() {
  ensure_sodium();
  SecureBuffer buf(kSize);
  randombytes_buf(buf.data(), buf.size());
  return SecureKey(std::move(buf));
}

SecureKey SecureKey::from_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSize) {
    throw Error(ErrorCode::bad_input, "a key must be " + std::to_string(kSize) + " bytes, not " + std::to_string(bytes.size()));
  }
  SecureBuffer buf(kSize);
  std::copy(bytes.begin(), bytes.end(), buf.data());
  return SecureKey(std::move(buf));
}

SecureKey SecureKey::adopt(SecureBuffer&& filled) {
  if (filled.size() != kSize) throw Error(ErrorCode::internal, "SecureKey::adopt: buffer is not 32 bytes");
  return SecureKey(std::move(filled));
}

bool SecureKey::equals(const SecureKey& other) const {
  if (m_buf.size() != other.m_buf.size()) return false;
  if (m_buf.empty()) return true;
  return sodium_memcmp(m_buf.data(), other.m_buf.data(), m_buf.size()) == 0;
}

void SecureKey::with_sqlcipher_key(const std::function<void(std::string_view)>& fn) const {
  if (empty()) throw Error(ErrorCode::usage, "no key loaded (the store is locked)");
  // One extra byte: sodium_bin2hex writes a terminating NUL, which the
  // closing quote then overwrites.
  SecureBuffer literal(kLiteralSize + 1);
  char* text = reinterpret_cast<char*>(literal.data());
  text[0] = 'x';
  text[1] = '\'';
  sodium_bin2hex(text + 2, 2 * kSize + 1, m_buf.data(), kSize);  // constant time
  text[kLiteralSize - 1] = '\'';
  text[kLiteralSize] = '\0';
  fn(std::string_view(text, kLiteralSize));
}

std::string SecureKey::sqlcipher_raw_key() const {
  std::string out;
  with_sqlcipher_key([&out](std::string_view literal) { out.assign(literal); });
  return out;
}

}  // namespace doorstep

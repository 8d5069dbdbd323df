#include "crypto/secure_buffer.hpp"

#include <sodium.h>

#include <utility>

#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"

namespace doorstep {

SecureBuffer::SecureBuffer(std::size_t size) {
  if (size == 0) throw Error(ErrorCode::internal, "SecureBuffer: size must be > 0");
  ensure_sodium();
  m_data = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (m_data == nullptr) throw Error(ErrorCode::internal, "out of memory for key material");
  m_size = size;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    release();
    m_data = std::exchange(other.m_data, nullptr);
    m_size = std::exchange(other.m_size, 0);
  }
  return *this;
}

SecureBuffer::~SecureBuffer() { release(); }

void SecureBuffer::make_readonly() {
  if (m_data != nullptr && sodium_mprotect_readonly(m_data) != 0) {
    throw Error(ErrorCode::internal, "could not protect key memory");
  }
}

void SecureBuffer::release() noexcept {
  // sodium_free makes the pages writable again, zeroes and unlocks them.
  if (m_data != nullptr) sodium_free(m_data);
  m_data = nullptr;
  m_size = 0;
}

}  // namespace doorstep

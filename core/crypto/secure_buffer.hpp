#pragma once
// A fixed-size byte buffer for secrets, in sodium_malloc memory: guard pages
// on both sides, a canary, mlock()ed so it is not swapped, and zeroed by
// sodium_free. Move-only. Invariant: a non-empty buffer owns exactly one
// sodium_malloc allocation of size() bytes.
#include <cstddef>
#include <cstdint>
#include <span>

namespace doorstep {

class SecureBuffer {
 public:
  SecureBuffer() = default;  // empty: size() == 0, no allocation
  // Throws Error(internal) if the allocation fails. size must be > 0.
  explicit SecureBuffer(std::size_t size);
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;
  ~SecureBuffer();

  [[nodiscard]] std::size_t size() const { return m_size; }
  [[nodiscard]] bool empty() const { return m_size == 0; }
  // Writing through data() after make_readonly() faults (SIGSEGV): by design.
  [[nodiscard]] std::uint8_t* data() { return m_data; }
  [[nodiscard]] const std::uint8_t* data() const { return m_data; }
  [[nodiscard]] std::span<std::uint8_t> span() { return {m_data, m_size}; }
  [[nodiscard]] std::span<const std::uint8_t> span() const { return {m_data, m_size}; }

  // Page-protects the bytes read-only; sodium_free still zeroes them.
  void make_readonly();

 private:
  void release() noexcept;

  std::uint8_t* m_data = nullptr;
  std::size_t m_size = 0;
};

}  // namespace doorstep

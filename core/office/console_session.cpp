#include "office/console_session.hpp"

#include <sodium.h>

#include <array>

#include "crypto/sodium_setup.hpp"
#include "util/hex.hpp"

namespace doorstep::office {

std::string new_session_token() {
  ensure_sodium();
  std::array<std::uint8_t, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return to_hex(bytes);
}

bool is_session_token(std::string_view token) {
  if (token.size() != 64) return false;
  for (const char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Digest256 session_token_hash(std::string_view token) { return blake2b_256(token); }

bool session_live(const ConsoleSession& s, UtcMillis now) {
  return now < s.last_seen + kSessionIdleMs && now < s.created_at + kSessionAbsoluteMs && now >= s.created_at;
}

std::string csrf_token_for(std::string_view cookie_token) {
  ensure_sodium();
  static constexpr std::string_view kContext = "doorstep console csrf v1";
  Digest256 out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(kContext.data()), kContext.size(),
                     reinterpret_cast<const unsigned char*>(cookie_token.data()), cookie_token.size());
  return to_hex(out);
}

bool csrf_matches(std::string_view cookie_token, std::string_view csrf) {
  if (!is_session_token(cookie_token) || csrf.size() != 64) return false;
  const std::string expected = csrf_token_for(cookie_token);
  return sodium_memcmp(expected.data(), csrf.data(), 64) == 0;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
  }
  return {};
}

}  // namespace doorstep::office

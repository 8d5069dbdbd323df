#include "sync/enroll_code.hpp"

#include <charconv>

#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::sync {
namespace {

constexpr std::string_view kPrefix = "doorstep1:";

[[noreturn]] void bad(const std::string& what) {
  throw Error(ErrorCode::bad_input, "enrollment code: " + what + " (ask the office for a new code)");
}

bool is_lower_hex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

void split_host_port(std::string_view text, std::string& host, int& port) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) bad("'" + std::string(text) + "' is not HOST:PORT");
  std::string_view h = text.substr(0, colon);
  const std::string_view p = text.substr(colon + 1);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h.empty() || h.size() > 253) bad("the host is empty or too long");
  for (char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':';
    if (!ok) bad("the host has a character that is not allowed");
  }
  int value = 0;
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || ptr != p.data() + p.size() || value < 1 || value > 65535)
    bad("'" + std::string(p) + "' is not a port number");
  host = std::string(h);
  port = value;
}

std::string EnrollCode::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(kPrefix) + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + ":" + to_hex(pin) +
         ":" + secret;
}

EnrollCode EnrollCode::parse(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (!text.starts_with(kPrefix)) bad("it does not start with 'doorstep1:'");
  text.remove_prefix(kPrefix.size());
  // From the end: secret, pin; what remains is host:port.
  const auto c2 = text.rfind(':');
  if (c2 == std::string_view::npos) bad("the secret is missing");
  const std::string_view secret = text.substr(c2 + 1);
  text = text.substr(0, c2);
  const auto c1 = text.rfind(':');
  if (c1 == std::string_view::npos) bad("the certificate pin is missing");
  const std::string_view pin = text.substr(c1 + 1);
  text = text.substr(0, c1);
  EnrollCode code;
  split_host_port(text, code.host, code.port);
  const auto pin_bytes = from_hex(pin);
  if (pin.size() != 64 || !is_lower_hex(pin) || !pin_bytes) bad("the certificate pin is not 64 hex digits");
  std::copy(pin_bytes->begin(), pin_bytes->end(), code.pin.begin());
  if (secret.size() != 32 || !is_lower_hex(secret)) bad("the secret is not 32 hex digits");
  code.secret = std::string(secret);
  return code;
}

}  // namespace doorstep::sync

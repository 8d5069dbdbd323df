#pragma once
// An enrollment code: one string an administrator hands to an officer (fit
// for a QR code) that carries where the office is, the SHA-256 pin of its
// certificate's public key (SPKI) and the one-time secret:
//   doorstep1:<host>:<port>:<pin: 64 hex>:<secret: 32 hex>
// IPv6 hosts go in brackets: doorstep1:[::1]:8443:...
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace doorstep::sync {

using SpkiPin = std::array<std::uint8_t, 32>;

struct EnrollCode {
  std::string host;
  int port = 0;
  SpkiPin pin{};
  std::string secret;  // 32 lower-case hex digits

  [[nodiscard]] std::string to_string() const;
  // Error(bad_input) naming what is wrong.
  static EnrollCode parse(std::string_view text);
};

// "host:port" (brackets for IPv6) -> host, port. Error(bad_input).
void split_host_port(std::string_view text, std::string& host, int& port);

}  // namespace doorstep::sync

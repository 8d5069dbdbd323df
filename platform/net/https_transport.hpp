#pragma once
// sync::Transport over HTTPS (cpp-httplib + OpenSSL, TLS 1.2+). Trust is the
// pin alone: the handshake fails unless the server's certificate public key
// hashes (SHA-256 of the SPKI) to the pin from the enrollment code. No CA
// store and no host-name check are involved, so a certificate from any CA
// for any name is refused unless it carries the pinned key.
#include <chrono>
#include <memory>
#include <string>

#include "sync/enroll_code.hpp"
#include "sync/transport.hpp"

namespace doorstep::net {

class HttpsTransport final : public sync::Transport {
 public:
  HttpsTransport(std::string host, int port, sync::SpkiPin pin,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
  ~HttpsTransport() override;
  HttpsTransport(const HttpsTransport&) = delete;
  HttpsTransport& operator=(const HttpsTransport&) = delete;

  sync::TransportResponse post(std::string_view path, const std::string& body, const std::string& auth) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

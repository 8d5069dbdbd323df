#pragma once
// sync::Transport over HTTPS: Boost.Beast on Boost.Asio with asio::ssl
// (OpenSSL 3), TLS 1.3 only. Trust is the pin alone: the handshake fails
// unless the server's certificate public key hashes (SHA-256 of the SPKI)
// to the pin from the enrollment code. No CA store and no host-name check
// are involved, so a certificate from any CA for any name is refused unless
// it carries the pinned key.
//
// One connection, kept alive between calls. A call that fails on a reused
// connection before any answer arrived is tried once on a fresh one (every
// request is safe to repeat). A 503 answer with Retry-After (the office's
// worker queue is full) is retried after that many seconds, doubled on
// each further retry, at most busy_retries times, each wait cut to
// max_retry_wait; then the 503 is returned.
//
// Threading: one thread at a time (sync::Transport's contract). post()
// blocks for at most about `timeout` (plus the retry waits).
#include <chrono>
#include <memory>
#include <string>

#include "sync/enroll_code.hpp"
#include "sync/transport.hpp"

namespace doorstep::net {

struct ClientOptions {
  std::chrono::milliseconds timeout{30'000};         // per attempt: connect, TLS, request and answer
  int busy_retries = 3;                              // 503 + Retry-After answers retried
  std::chrono::milliseconds max_retry_wait{10'000};  // longest wait honoured per Retry-After
};

class HttpsTransport final : public sync::Transport {
 public:
  HttpsTransport(std::string host, int port, sync::SpkiPin pin,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
  HttpsTransport(std::string host, int port, sync::SpkiPin pin, ClientOptions options);
  ~HttpsTransport() override;
  HttpsTransport(const HttpsTransport&) = delete;
  HttpsTransport& operator=(const HttpsTransport&) = delete;

  sync::TransportResponse post(std::string_view path, const std::string& body, const std::string& auth) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

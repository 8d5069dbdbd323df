#pragma once
// sync::Transport over HTTPS: Boost.Beast on Boost.Asio with asio::ssl
// (OpenSSL 3), TLS 1.3 only. Trust is the pin alone: the handshake fails
// unless the server's certificate public key hashes (SHA-256 of the SPKI)
// to the pin from the enrollment code. No CA store and no host-name check
// are involved, so a certificate from any CA for any name is refused unless
// it carries the pinned key.
//
// One connection, kept alive between calls. A new connection resumes the
// office's latest TLS session when the process has one
// (tls_session_cache.hpp), else makes a full handshake. A call that fails on a reused
// connection before any answer arrived is tried once on a fresh one (every
// request is safe to repeat). A 503 answer with Retry-After (the office is
// busy: its worker queue is full, or its database is away) is retried with
// jittered exponential backoff: the n-th wait (n = 0, 1, ...) is drawn
// uniformly from [c/4, c] with c = min(first_retry_wait * 2^n,
// max_retry_wait), so the first waits are sub-second and devices refused
// together do not come back together. Retry-After only marks the answer as
// retryable (its whole seconds are too coarse to spread a burst). Retries
// stop once busy_retry_for has passed since the first 503 (a wait never
// runs past it); then the 503 is returned, and the caller (the sync
// engine) fails with a network error and keeps its outbox.
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
  std::chrono::milliseconds timeout{30'000};           // per attempt: connect, TLS, request and answer
  std::chrono::milliseconds busy_retry_for{120'000};   // keep retrying 503s this long (0: never retry)
  std::chrono::milliseconds first_retry_wait{500};     // ceiling of the first wait, doubled per retry...
  std::chrono::milliseconds max_retry_wait{10'000};    // ...up to this
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

  struct ConnectionStats {
    int connections = 0;  // TLS connections established
    int resumed = 0;      // of which resumed a session (no full handshake)
  };
  [[nodiscard]] ConnectionStats connection_stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

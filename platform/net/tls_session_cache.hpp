#pragma once
// The TLS sessions (TLS 1.3 tickets) offices issued to this process, one
// per office, shared by every HttpsTransport in the process: the next
// connection to that office, from any transport (a device's next sync makes
// a new one), resumes it instead of a full handshake (no certificate sent,
// no signature made or checked; a fresh ECDHE share still gives forward
// secrecy).
//
// The key is the office's host, port and SPKI pin, so a session is only
// ever offered to an office reached under the pin it was verified with.
// Only sessions from handshakes that passed the pin check (or resumed such
// a session) are put here; find() also re-checks the session's certificate
// against the pin. An office that cannot resume it (restarted: new ticket
// key; ticket expired) falls back to a full handshake, pin check included.
//
// Thread-safe. Holds at most kMaxOffices sessions (the oldest go first).
#include <openssl/ssl.h>

#include <cstddef>
#include <memory>
#include <string>

#include "sync/enroll_code.hpp"

namespace doorstep::net {

struct SslSessionFree {
  void operator()(SSL_SESSION* s) const noexcept { SSL_SESSION_free(s); }
};
using SslSessionPtr = std::unique_ptr<SSL_SESSION, SslSessionFree>;

class TlsSessionCache {
 public:
  static constexpr std::size_t kMaxOffices = 16;

  static TlsSessionCache& process();  // the one the transports share

  // Keeps `session` (ownership passes) as the office's latest.
  void put(const std::string& host, int port, const sync::SpkiPin& pin, SslSessionPtr session);
  // The office's latest resumable session (a new reference), or null.
  SslSessionPtr find(const std::string& host, int port, const sync::SpkiPin& pin);
  // Drops every session (tests; an office whose key changed).
  void clear();

 private:
  struct Impl;
  TlsSessionCache();
  ~TlsSessionCache();
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

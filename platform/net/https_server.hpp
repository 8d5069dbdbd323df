#pragma once
// The office's HTTPS front: Boost.Beast over Boost.Asio and asio::ssl
// (OpenSSL 3, TLS 1.3 only) in front of office::OfficeService.
//
// What a request must look like (anything else is answered 4xx and the
// connection closed, before any body byte is read):
//   a header block of at most 8 KiB and 50 fields (431); no
//   Transfer-Encoding (411) and no Content-Encoding (415);
//   under /v1/ (the sync API): POST only (405), a Content-Length (411) of at
//   most sync::kMaxRequestBytes (413);
//   anywhere else (the web console, when serve_console() gave a handler;
//   else 404): GET or HEAD without a body, or POST of
//   application/x-www-form-urlencoded (415) with a Content-Length (411) of at
//   most kMaxFormBytes (413); other methods 405.
// TLS: one stateless session ticket per handshake (24 h, no 0-RTT), so a
// device's next connection resumes without a certificate or signature.
// Every answer carries the security headers: Content-Security-Policy
//   "default-src 'self'; frame-ancestors 'none'" (so no inline script),
//   Strict-Transport-Security, X-Content-Type-Options: nosniff,
//   Referrer-Policy: no-referrer.
//   The console's handler may send its own value of one of these in place
//   of the default (a printable report allows its one <style> by hash).
// Limits that keep one peer from starving the others (see ServerOptions):
//   whole-phase deadlines (TLS handshake, request headers, whole request,
//   idle keep-alive, response write); at most max_connections connections
//   and max_connections_per_peer per peer address. A connection over a cap
//   makes room by closing the oldest connection of that peer (or of anyone,
//   for the total cap) that has not yet sent a complete request head
//   (handshaking, idle, or trickling headers); if there is none it is closed.
//   Peers whose requests fail authentication (401, or a refused enrolment)
//   auth_failure_limit times within auth_failure_window get 429 without the
//   service being called, for auth_cooldown.
// One log line per request (spdlog info, key=value: peer, method, path,
// status, sizes, time and the service's log text), and one per connection
// closed for a limit or a timeout; every logged value goes through
// escape_for_log. No personal data: the service's log text has none.
//
// Threading: io_threads threads run one asio::io_context (accepting, TLS,
// HTTP parsing, writing); each connection's handlers run on its own strand.
// The handler (OfficeService::handle) runs on a separate pool of
// worker_threads threads. Requests wait for a worker in one FIFO queue
// bounded by worker_queue requests and by worker_queue_bytes of request
// bytes they hold (a request finding the queue empty is always taken); a
// request over either bound is answered 503 with Retry-After, and so is a
// request that waited for a worker longer than max_queue_wait (under the
// devices' 30 s timeout: its client may have given up; it is not handled). A connection
// has at most one request in the server, so the queue never holds more
// than max_connections: the count bound (default max_connections) matters
// only when set lower; the byte budget bounds the memory waiting requests
// hold. The handler is called from several threads at once and must be
// thread-safe.
//
// Lifecycle: construct, bind(), then serve() (blocks) or start()
// (background). stop() may be called from any thread, once or many times:
// it stops accepting, closes connections that are not inside a request,
// lets requests in flight finish for up to shutdown_grace, then closes
// every socket and joins all threads. The destructor stops.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "net/web_request.hpp"
#include "office/office_service.hpp"

namespace doorstep::net {

struct ServerOptions {
  int io_threads = 2;                // threads running the io_context (1..)
  int worker_threads = 4;            // threads calling the handler (1..)
  std::size_t worker_queue = 1024;   // requests waiting for a worker; more get 503
  std::size_t worker_queue_bytes = 64u << 20;  // their request bytes at most; more get 503
  std::chrono::milliseconds max_queue_wait{20'000};  // waited longer for a worker: 503, not handled (0: no bound)
  int retry_after_s = 1;             // Retry-After on 503 (busy) answers

  std::size_t max_connections = 1024;          // open connections in total
  std::size_t max_connections_per_peer = 64;   // open connections from one IP address

  std::chrono::milliseconds handshake_timeout{5'000};   // TCP accept to TLS established
  std::chrono::milliseconds header_timeout{10'000};     // first byte of a request to its whole head
  std::chrono::milliseconds request_timeout{30'000};    // first byte of a request to its whole body
  std::chrono::milliseconds idle_timeout{15'000};       // kept-alive connection waiting for a request
  std::chrono::milliseconds write_timeout{10'000};      // writing one response: this, plus
  std::size_t min_write_bytes_per_s = 32 * 1024;        // its size at this rate (big pulls, slow links)
  std::chrono::milliseconds shutdown_grace{5'000};      // stop(): time for requests in flight

  int auth_failure_limit = 10;                           // failures per peer within the window...
  std::chrono::milliseconds auth_failure_window{60'000};
  std::chrono::milliseconds auth_cooldown{300'000};      // ...then 429 for this long

  bool log_requests = true;  // false: per-request lines only for answers >= 400 (limit and timeout lines always)
};

// What the server calls for each accepted request: path, body, Authorization
// header value ("" if none). OfficeService::handle by default; tests may
// pass their own. Must not throw (an exception becomes a 500).
using RequestHandler =
    std::function<office::ServiceResponse(std::string_view path, std::string_view body, std::string_view authorization)>;

class OfficeHttpsServer {
 public:
  // Error(bad_input) if the PEM certificate or key is unusable or they do
  // not belong together. `service` must outlive the server.
  OfficeHttpsServer(office::OfficeService& service, const std::string& cert_pem, const std::string& key_pem,
                    ServerOptions options = {});
  OfficeHttpsServer(RequestHandler handler, const std::string& cert_pem, const std::string& key_pem,
                    ServerOptions options = {});
  ~OfficeHttpsServer();
  OfficeHttpsServer(const OfficeHttpsServer&) = delete;
  OfficeHttpsServer& operator=(const OfficeHttpsServer&) = delete;

  // Binds `host`:`port` (0: an ephemeral port). Returns the bound port.
  // Error(io) if the address cannot be bound. Call once, before serving.
  int bind(const std::string& host, int port);
  // The console's handler for every path outside /v1/. Call before start().
  void serve_console(WebHandler handler);
  // Serves until stop() (from another thread) has finished; blocks.
  void serve();
  // Serves on background threads; returns at once (the socket is already
  // listening since bind(), so clients may connect immediately).
  void start();
  // See "Lifecycle" above. Returns when every thread has been joined.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

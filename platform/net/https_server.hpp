#pragma once
// The office's HTTPS front: cpp-httplib's SSLServer (TLS 1.2+) in front of
// office::OfficeService. POST /v1/* only; everything else gets a JSON 4xx.
// One log line per request (spdlog, key=value, no personal data).
//
// Threading: start() serves on a background thread with a worker pool;
// stop() (any thread; also from a signal-watching thread) stops accepting,
// finishes in-flight requests and joins. The destructor stops.
#include <memory>
#include <string>
#include <thread>

#include "office/office_service.hpp"

namespace doorstep::net {

struct ServerOptions {
  std::size_t max_body_bytes = 16u << 20;  // httplib refuses above this (413); the service limits to 4 MiB with a message
  int worker_threads = 16;
  int read_timeout_s = 30;
  bool log_requests = true;
};

class OfficeHttpsServer {
 public:
  OfficeHttpsServer(office::OfficeService& service, const std::string& cert_pem, const std::string& key_pem,
                    ServerOptions options = {});
  ~OfficeHttpsServer();
  OfficeHttpsServer(const OfficeHttpsServer&) = delete;
  OfficeHttpsServer& operator=(const OfficeHttpsServer&) = delete;

  // Binds `host`:`port` (0: an ephemeral port). Returns the bound port.
  // Error(io) if the address cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); blocks.
  void serve();
  // Serves on a background thread; returns once ready.
  void start();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace doorstep::net

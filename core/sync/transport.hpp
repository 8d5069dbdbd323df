#pragma once
// How the sync engine reaches the office. platform/net provides HTTPS with a
// pinned certificate; tests provide fault-injecting wrappers.
//
// Contract: post() sends one request and returns the office's answer, any
// HTTP status included. It throws Error(network) when no answer arrived
// (connection refused, timeout, TLS failure, certificate pin mismatch), in
// which case the request may or may not have reached the office: the
// protocol makes every request safe to repeat. An implementation may repeat
// a request itself (net::HttpsTransport does on a dropped kept-alive
// connection, and after 503 + Retry-After). Calls come from one thread at a
// time.
#include <string>
#include <string_view>

namespace doorstep::sync {

struct TransportResponse {
  int status = 0;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // `auth` is the Authorization header value ("" for none).
  virtual TransportResponse post(std::string_view path, const std::string& body, const std::string& auth) = 0;
};

}  // namespace doorstep::sync

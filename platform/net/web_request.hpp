#pragma once
// What the office's HTTPS listener hands the console (every path outside
// /v1/): a request already held to the console's limits (see
// https_server.hpp), and the answer the handler gives back. No Asio, no
// Beast: the console is written and unit-tested without sockets.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace doorstep::net {

struct WebRequest {
  std::string method;        // "GET", "HEAD" or "POST"
  std::string target;        // path and query, as sent ("/cases/D100001?x=1")
  std::string body;          // POST only: application/x-www-form-urlencoded, at most kMaxFormBytes
  std::string cookie;        // the Cookie header, "" if none
  std::string peer;          // the client's IP address
};

struct WebResponse {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  // Extra headers (Set-Cookie, Location, Cache-Control...). The server adds
  // the security headers to every answer itself.
  std::vector<std::pair<std::string, std::string>> headers;
  // One line for the server log (never a person's name or a case's content).
  std::string log;
};

// Must not throw (an exception becomes a plain 500 page); called from
// several worker threads at once.
using WebHandler = std::function<WebResponse(const WebRequest&)>;

// The largest console form body the listener reads (413 above it).
inline constexpr std::size_t kMaxFormBytes = 16 * 1024;

}  // namespace doorstep::net

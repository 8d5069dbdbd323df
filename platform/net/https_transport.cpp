#include "net/https_transport.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <charconv>
#include <optional>
#include <random>
#include <thread>

#include "net/openssl_ptr.hpp"
#include "net/tls_identity.hpp"
#include "net/tls_session_cache.hpp"
#include "util/error.hpp"

namespace doorstep::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::uint64_t kMaxResponseBytes = 256u << 20;

// OpenSSL calls this instead of its chain verification: accept exactly the
// pinned key. `arg` is the SpkiPin.
int verify_pin(X509_STORE_CTX* ctx, void* arg) {
  const auto* pin = static_cast<const sync::SpkiPin*>(arg);
  const auto got = spki_pin_of_cert(X509_STORE_CTX_get0_cert(ctx));
  if (!got || CRYPTO_memcmp(got->data(), pin->data(), got->size()) != 0) {
    X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_REJECTED);
    return 0;
  }
  return 1;
}

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  (void)asio::ip::make_address(host, ec);
  return !ec;
}

// Retry-After as delta-seconds; nullopt if absent or not a number.
std::optional<long long> retry_after_of(const http::response<http::string_body>& res) {
  const auto it = res.find(http::field::retry_after);
  if (it == res.end()) return std::nullopt;
  const auto v = it->value();
  long long secs = -1;
  const auto [end, err] = std::from_chars(v.data(), v.data() + v.size(), secs);
  if (err != std::errc() || end != v.data() + v.size() || secs < 0) return std::nullopt;
  return secs;
}

int on_new_session(SSL* ssl, SSL_SESSION* session);

// The SSL_CTX slot holding its HttpsTransport::Impl (asio's context owns the
// app-data slot and deletes what is there).
int transport_slot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

}  // namespace

struct HttpsTransport::Impl {
  std::string host;
  int port;
  sync::SpkiPin pin;
  ClientOptions options;
  asio::io_context ioc;
  ssl::context tls{ssl::context::tls_client};
  std::optional<TlsStream> stream;
  beast::flat_buffer buffer;
  std::minstd_rand jitter{std::random_device{}()};
  ConnectionStats stats;

  Impl(std::string h, int p, sync::SpkiPin k, ClientOptions o)
      : host(std::move(h)), port(p), pin(k), options(o) {}

  // Starts one asynchronous operation and runs the io_context until it has
  // completed; the stream's expiry bounds it.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(*stream); }

  // The wait before busy retry n (https_transport.hpp): uniform in [c/4, c].
  std::chrono::milliseconds busy_wait(int n) {
    const auto first = std::max<long long>(1, options.first_retry_wait.count());
    const auto cap = std::max<long long>(first, options.max_retry_wait.count());
    long long ceiling = first;
    for (int i = 0; i < n && ceiling < cap; ++i) ceiling = std::min(cap, ceiling * 2);
    return std::chrono::milliseconds(std::uniform_int_distribution<long long>(ceiling / 4, ceiling)(jitter));
  }

  void drop_connection() {
    stream.reset();
    buffer.consume(buffer.size());
  }

  [[noreturn]] void fail(const std::string& why) {
    drop_connection();
    throw Error(ErrorCode::network, "cannot reach the office at " + host + ":" + std::to_string(port) + ": " + why);
  }

  void connect(SteadyClock::time_point deadline) {
    drop_connection();
    stream.emplace(ioc, tls);
    if (const auto session = TlsSessionCache::process().find(host, port, pin))
      SSL_set_session(stream->native_handle(), session.get());  // takes its own reference
    if (!is_ip_literal(host))  // SNI; SSL_set_tlsext_host_name is a macro with a C cast
      SSL_ctrl(stream->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str()));
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) fail("cannot resolve the host name: " + ec.message());
    tcp_layer().expires_at(deadline);
    ec = run([&](auto handler) { tcp_layer().async_connect(endpoints, std::move(handler)); });
    if (ec) fail(ec == beast::error::timeout ? "connection timed out" : ec.message());
    tcp_layer().socket().set_option(tcp::no_delay(true), ec);  // small JSON requests: no Nagle stalls
    ec = run([&](auto handler) { stream->async_handshake(ssl::stream_base::client, std::move(handler)); });
    if (ec)
      fail((ec == beast::error::timeout ? std::string("TLS handshake timed out") : "TLS handshake failed: " + ec.message()) +
           " (is the office certificate the one this device was enrolled with?)");
    ++stats.connections;
    if (SSL_session_reused(stream->native_handle()) == 1) ++stats.resumed;
  }

  // One request on the current connection (connecting first if there is
  // none). nullopt: it failed on a reused connection before any answer,
  // so the caller may try again on a fresh one.
  std::optional<http::response<http::string_body>> attempt(const http::request<http::string_body>& req) {
    const auto deadline = SteadyClock::now() + options.timeout;
    const bool reused = stream.has_value();
    if (!reused) connect(deadline);
    tcp_layer().expires_at(deadline);
    auto ec = run([&](auto handler) { http::async_write(*stream, req, std::move(handler)); });
    if (ec) {
      if (reused && ec != beast::error::timeout) {
        drop_connection();
        return std::nullopt;
      }
      fail(ec == beast::error::timeout ? "timed out sending the request" : "sending failed: " + ec.message());
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBytes);
    ec = run([&](auto handler) { http::async_read(*stream, buffer, parser, std::move(handler)); });
    if (ec) {
      if (reused && !parser.got_some() && ec != beast::error::timeout) {
        drop_connection();
        return std::nullopt;
      }
      fail(ec == beast::error::timeout ? "timed out waiting for the answer" : "reading the answer failed: " + ec.message());
    }
    tcp_layer().expires_never();
    auto res = parser.release();
    if (!res.keep_alive()) drop_connection();
    return res;
  }
};

namespace {

// A ticket from the office (after a handshake that passed the pin check, or
// resumed one that did): a copy is kept for the next connection. 0: OpenSSL
// keeps its reference to `session`.
int on_new_session(SSL* ssl, SSL_SESSION* session) {
  const auto* impl =
      static_cast<const HttpsTransport::Impl*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), transport_slot()));
  if (!impl) return 0;
  // A copy: OpenSSL marks the connection's own session unresumable when
  // the connection is dropped without close_notify, as a device's may be.
  TlsSessionCache::process().put(impl->host, impl->port, impl->pin, SslSessionPtr(SSL_SESSION_dup(session)));
  return 0;
}

}  // namespace

HttpsTransport::HttpsTransport(std::string host, int port, sync::SpkiPin pin, std::chrono::milliseconds timeout)
    : HttpsTransport(std::move(host), port, pin, ClientOptions{timeout}) {}

HttpsTransport::HttpsTransport(std::string host, int port, sync::SpkiPin pin, ClientOptions options)
    : m_impl(std::make_unique<Impl>(std::move(host), port, pin, options)) {
  SSL_CTX* ctx = m_impl->tls.native_handle();
  if (!ctx) throw Error(ErrorCode::internal, "TLS client context could not be created");
  // Both ends are ours: TLS 1.3 only. SSL_VERIFY_PEER with the pin callback
  // (in place of chain verification) makes a mismatch fail the handshake.
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, verify_pin, &m_impl->pin);
  // Session tickets go to the process's TlsSessionCache, not OpenSSL's.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_set_timeout(ctx, 7L * 24 * 3600);  // TLS 1.3's longest: the office's ticket lifetime decides
  if (transport_slot() < 0 || SSL_CTX_set_ex_data(ctx, transport_slot(), m_impl.get()) != 1)
    throw Error(ErrorCode::internal, "TLS client context could not be set up");
  SSL_CTX_sess_set_new_cb(ctx, on_new_session);
}

HttpsTransport::~HttpsTransport() = default;

HttpsTransport::ConnectionStats HttpsTransport::connection_stats() const { return m_impl->stats; }

sync::TransportResponse HttpsTransport::post(std::string_view path, const std::string& body, const std::string& auth) {
  auto& impl = *m_impl;
  http::request<http::string_body> req{http::verb::post, beast::string_view(path.data(), path.size()), 11};
  req.set(http::field::host, impl.host);
  req.set(http::field::content_type, "application/json");
  if (!auth.empty()) req.set(http::field::authorization, auth);
  req.keep_alive(true);
  req.body() = body;
  req.prepare_payload();
  std::optional<SteadyClock::time_point> give_up_at;  // set by the first 503
  for (int busy = 0;; ++busy) {
    auto res = impl.attempt(req);
    if (!res) res = impl.attempt(req);  // the office closed a kept-alive connection: once more, fresh
    if (!res) impl.fail("the connection was closed");
    const bool retryable = res->result_int() == 503 && retry_after_of(*res).has_value();
    const auto now = SteadyClock::now();
    if (retryable && !give_up_at) give_up_at = now + impl.options.busy_retry_for;
    if (!retryable || now >= *give_up_at) return {static_cast<int>(res->result_int()), std::move(res->body())};
    std::this_thread::sleep_for(std::min<SteadyClock::duration>(impl.busy_wait(busy), *give_up_at - now));
  }
}

}  // namespace doorstep::net

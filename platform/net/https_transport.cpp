#include "net/https_transport.hpp"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "util/error.hpp"

namespace doorstep::net {
namespace {

// OpenSSL calls this instead of its chain verification: accept exactly the
// pinned key. `arg` is the SpkiPin.
int verify_pin(X509_STORE_CTX* ctx, void* arg) {
  const auto* pin = static_cast<const sync::SpkiPin*>(arg);
  X509* cert = X509_STORE_CTX_get0_cert(ctx);
  unsigned char* der = nullptr;
  const int len = cert ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der) : -1;
  bool ok = false;
  if (len > 0) {
    sync::SpkiPin got{};
    unsigned int n = 0;
    ok = EVP_Digest(der, static_cast<std::size_t>(len), got.data(), &n, EVP_sha256(), nullptr) == 1 &&
         n == got.size() && CRYPTO_memcmp(got.data(), pin->data(), got.size()) == 0;
  }
  OPENSSL_free(der);
  if (!ok) {
    X509_STORE_CTX_set_error(ctx, X509_V_ERR_CERT_REJECTED);
    return 0;
  }
  return 1;
}

}  // namespace

struct HttpsTransport::Impl {
  std::string host;
  int port;
  sync::SpkiPin pin;
  httplib::SSLClient client;

  Impl(std::string h, int p, sync::SpkiPin k) : host(std::move(h)), port(p), pin(k), client(host, port) {}
};

HttpsTransport::HttpsTransport(std::string host, int port, sync::SpkiPin pin, std::chrono::milliseconds timeout)
    : m_impl(std::make_unique<Impl>(std::move(host), port, pin)) {
  auto& c = m_impl->client;
  // httplib's own verification (CA store + host name) is off; the context's
  // SSL_VERIFY_PEER with the pin callback makes a mismatch fail the handshake.
  c.enable_server_certificate_verification(false);
  SSL_CTX* ctx = c.ssl_context();
  if (!ctx) throw Error(ErrorCode::internal, "TLS client context could not be created");
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, verify_pin, &m_impl->pin);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);  // small JSON requests: no Nagle + delayed-ACK stalls
  const auto secs = static_cast<time_t>(timeout.count() / 1000);
  const auto usecs = static_cast<time_t>((timeout.count() % 1000) * 1000);
  c.set_connection_timeout(secs, usecs);
  c.set_read_timeout(secs, usecs);
  c.set_write_timeout(secs, usecs);
}

HttpsTransport::~HttpsTransport() = default;

sync::TransportResponse HttpsTransport::post(std::string_view path, const std::string& body, const std::string& auth) {
  httplib::Headers headers;
  if (!auth.empty()) headers.emplace("Authorization", auth);
  auto res = m_impl->client.Post(std::string(path), headers, body, "application/json");
  if (!res && (res.error() == httplib::Error::Write || res.error() == httplib::Error::Read)) {
    // The office may have closed an idle kept-alive connection: try once on a
    // fresh one. Every request is safe to repeat (docs/sync-protocol.md).
    m_impl->client.stop();
    res = m_impl->client.Post(std::string(path), headers, body, "application/json");
  }
  if (!res) {
    const auto err = res.error();
    std::string why = httplib::to_string(err);
    if (err == httplib::Error::SSLConnection || err == httplib::Error::SSLServerVerification)
      why += " (is the office certificate the one this device was enrolled with?)";
    throw Error(ErrorCode::network,
                "cannot reach the office at " + m_impl->host + ":" + std::to_string(m_impl->port) + ": " + why);
  }
  return {res->status, res->body};
}

}  // namespace doorstep::net

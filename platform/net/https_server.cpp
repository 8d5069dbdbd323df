#include "net/https_server.hpp"

#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "util/error.hpp"

namespace doorstep::net {
namespace {

std::string error_json(const std::string& code, const std::string& message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

X509* read_cert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (!cert) throw Error(ErrorCode::bad_input, "the TLS certificate is not a PEM certificate");
  return cert;
}

EVP_PKEY* read_key(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (!key) throw Error(ErrorCode::bad_input, "the TLS key is not a PEM private key");
  return key;
}

}  // namespace

struct OfficeHttpsServer::Impl {
  office::OfficeService& service;
  ServerOptions options;
  std::unique_ptr<httplib::SSLServer> server;
  std::thread thread;

  Impl(office::OfficeService& s, ServerOptions o) : service(s), options(o) {}
};

OfficeHttpsServer::OfficeHttpsServer(office::OfficeService& service, const std::string& cert_pem,
                                     const std::string& key_pem, ServerOptions options)
    : m_impl(std::make_unique<Impl>(service, options)) {
  X509* cert = read_cert(cert_pem);
  EVP_PKEY* key = nullptr;
  try {
    key = read_key(key_pem);
  } catch (...) {
    X509_free(cert);
    throw;
  }
  m_impl->server = std::make_unique<httplib::SSLServer>(cert, key);
  X509_free(cert);  // SSLServer took its own references
  EVP_PKEY_free(key);
  auto& srv = *m_impl->server;
  if (!srv.is_valid()) throw Error(ErrorCode::bad_input, "the TLS certificate and key do not belong together");
  SSL_CTX_set_min_proto_version(srv.ssl_context(), TLS1_2_VERSION);
  const int workers = options.worker_threads;
  srv.new_task_queue = [workers] { return new httplib::ThreadPool(static_cast<std::size_t>(workers)); };
  srv.set_payload_max_length(options.max_body_bytes);
  srv.set_read_timeout(options.read_timeout_s, 0);
  srv.set_keep_alive_timeout(2);
  srv.set_tcp_nodelay(true);

  Impl* impl = m_impl.get();
  srv.Post(R"(/.*)", [impl](const httplib::Request& req, httplib::Response& res) {
    const auto started = std::chrono::steady_clock::now();
    const auto out = impl->service.handle(req.path, req.body, req.get_header_value("Authorization"));
    res.status = out.status;
    res.set_content(out.body, "application/json");
    if (impl->options.log_requests) {
      const auto us =
          std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
      spdlog::info("request {} bytes_in={} bytes_out={} us={}", out.log, req.body.size(), out.body.size(), us);
    }
  });
  srv.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = "bad_request", msg = "the request was refused";
    if (res.status == 413) {
      code = "too_large";
      msg = "the request body is too large";
    } else if (res.status == 404 || res.status == 405) {
      code = "not_found";
      msg = "no such endpoint: POST /v1/enroll, /v1/push or /v1/pull";
      res.status = 404;
    }
    res.set_content(error_json(code, msg), "application/json");
    spdlog::info("request endpoint={} method={} status={} error={}", req.path.substr(0, 32), req.method, res.status,
                 code);
  });
  srv.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(error_json("internal", "the office hit an internal error"), "application/json");
    spdlog::error("request status=500 error=internal");
  });
}

OfficeHttpsServer::~OfficeHttpsServer() { stop(); }

int OfficeHttpsServer::bind(const std::string& host, int port) {
  auto& srv = *m_impl->server;
  const int bound = port == 0 ? srv.bind_to_any_port(host) : (srv.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) throw Error(ErrorCode::io, "cannot listen on " + host + ":" + std::to_string(port));
  return bound;
}

void OfficeHttpsServer::serve() { m_impl->server->listen_after_bind(); }

void OfficeHttpsServer::start() {
  m_impl->thread = std::thread([this] { m_impl->server->listen_after_bind(); });
  while (!m_impl->server->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void OfficeHttpsServer::stop() {
  if (!m_impl || !m_impl->server) return;
  m_impl->server->stop();
  if (m_impl->thread.joinable()) m_impl->thread.join();
}

}  // namespace doorstep::net

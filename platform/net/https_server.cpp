#include "net/https_server.hpp"

#include <openssl/pem.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/openssl_ptr.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"
#include "util/log_text.hpp"

namespace doorstep::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;
constexpr std::size_t kMaxHeaderFields = 50;
constexpr std::size_t kMaxDrainBytes = 16u << 20;
constexpr auto kDrainTime = std::chrono::seconds(1);
// How long a session ticket resumes: a working day and the night after it,
// so the 9 a.m. sync resumes yesterday's session (a restart draws a new
// ticket key: every device then makes one full handshake).
constexpr std::chrono::seconds kTicketLifetime = std::chrono::hours(24);

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

constexpr std::string_view kPlainText = "text/plain; charset=utf-8";
// On every answer, sync and console alike (https_server.hpp).
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"},
    {"Strict-Transport-Security", "max-age=31536000"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
};

std::string error_json(std::string_view code, std::string_view message) {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump();
}

// ---- The worker pool: N threads, a FIFO of jobs bounded by count and by
// the request bytes they hold. A job finding the queue empty is always
// taken, whatever its size, so one large request is never starved.
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t capacity, std::size_t byte_budget)
      : m_capacity(std::max<std::size_t>(1, capacity)), m_byte_budget(byte_budget) {
    for (int i = 0; i < std::max(1, threads); ++i) m_threads.emplace_back([this] { run(); });
  }
  ~WorkerPool() { shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False if the queue holds `capacity` jobs, or `bytes` more would take the
  // queued jobs over the byte budget, or the pool is shut down (the job is
  // dropped). `bytes`: what the job holds (its request body) until it runs.
  bool try_submit(std::function<void()>& job, std::size_t bytes) {
    std::lock_guard lock(m_mu);
    if (m_stopping) return false;
    if (!m_queue.empty() && (m_queue.size() >= m_capacity || m_queued_bytes + bytes > m_byte_budget)) return false;
    m_queue.push_back({std::move(job), bytes});
    m_queued_bytes += bytes;
    m_cv.notify_one();
    return true;
  }
  // Jobs running finish; jobs still queued are dropped. Joins. Idempotent.
  void shutdown() {
    std::deque<Queued> dropped;
    {
      std::lock_guard lock(m_mu);
      m_stopping = true;
      dropped.swap(m_queue);
      m_queued_bytes = 0;
    }
    m_cv.notify_all();
    for (auto& t : m_threads) {
      if (t.joinable()) t.join();
    }
    dropped.clear();  // outside the lock: jobs own sessions whose destructors lock the registry
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(m_mu);
        m_cv.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_stopping) return;
        job = std::move(m_queue.front().job);
        m_queued_bytes -= m_queue.front().bytes;
        m_queue.pop_front();
      }
      job();
    }
  }

  struct Queued {
    std::function<void()> job;
    std::size_t bytes;
  };
  const std::size_t m_capacity, m_byte_budget;
  std::mutex m_mu;
  std::condition_variable m_cv;
  std::deque<Queued> m_queue;
  std::size_t m_queued_bytes = 0;
  bool m_stopping = false;
  std::vector<std::thread> m_threads;
};

// ---- Failed authentications per peer address.
class AuthLimiter {
 public:
  explicit AuthLimiter(const ServerOptions& o) : m_o(o) {}

  // Time left of the peer's cool-down (zero: not blocked).
  std::chrono::milliseconds blocked_for(const std::string& peer, SteadyClock::time_point now) {
    if (m_o.auth_failure_limit <= 0) return {};
    std::lock_guard lock(m_mu);
    const auto it = m_peers.find(peer);
    if (it == m_peers.end() || it->second.blocked_until <= now) return {};
    return std::chrono::ceil<std::chrono::milliseconds>(it->second.blocked_until - now);
  }

  // Returns true if this failure started a cool-down.
  bool record_failure(const std::string& peer, SteadyClock::time_point now) {
    if (m_o.auth_failure_limit <= 0) return false;
    std::lock_guard lock(m_mu);
    if (m_peers.size() > 10'000) prune(now);
    auto& p = m_peers[peer];
    p.failures.push_back(now);
    while (!p.failures.empty() && p.failures.front() + m_o.auth_failure_window <= now) p.failures.pop_front();
    if (p.failures.size() < static_cast<std::size_t>(m_o.auth_failure_limit)) return false;
    p.failures.clear();
    p.blocked_until = now + m_o.auth_cooldown;
    return true;
  }

 private:
  struct Peer {
    std::deque<SteadyClock::time_point> failures;
    SteadyClock::time_point blocked_until{};
  };
  void prune(SteadyClock::time_point now) {
    std::erase_if(m_peers, [&](const auto& kv) {
      const auto& p = kv.second;
      return p.blocked_until <= now && (p.failures.empty() || p.failures.back() + m_o.auth_failure_window <= now);
    });
  }
  const ServerOptions& m_o;
  std::mutex m_mu;
  std::unordered_map<std::string, Peer> m_peers;
};

// Where a connection is; the registry may close one in the first three to
// make room for a new connection.
enum Phase : int { kHandshake = 0, kIdle = 1, kHeaders = 2, kInRequest = 3, kClosing = 4 };

class Session;

// ---- Open connections, for the caps and for stop(). Entries are kept in
// accept order, so the oldest evictable connection is found first.
class Registry {
 public:
  struct Entry {
    std::weak_ptr<Session> session;
    std::shared_ptr<std::atomic<int>> phase;
    std::string peer;
    bool counted = true;  // false once evicted: no longer counts against the caps
  };
  using Handle = std::list<Entry>::iterator;
  enum class Verdict { admitted, refused_total, refused_peer };

  Registry(std::size_t max_total, std::size_t max_peer)
      : m_max_total(std::max<std::size_t>(1, max_total)), m_max_peer(std::max<std::size_t>(1, max_peer)) {}

  // Registers a new connection. At a cap, evicts the oldest evictable
  // connection (same peer for the per-peer cap, anyone for the total) into
  // `victim` (the caller closes it), or refuses.
  Verdict admit(const std::shared_ptr<Session>& s, std::shared_ptr<std::atomic<int>> phase, const std::string& peer,
                Handle& handle, std::shared_ptr<Session>& victim, const char*& why) {
    std::lock_guard lock(m_mu);
    auto& peer_count = m_per_peer[peer];
    why = nullptr;
    if (peer_count >= m_max_peer) {
      if (!evict_locked(&peer, victim)) return Verdict::refused_peer;
      why = "evicted_peer_limit";
    } else if (m_total >= m_max_total) {
      if (!evict_locked(nullptr, victim)) return Verdict::refused_total;
      why = "evicted_total_limit";
    }
    m_list.push_back(Entry{s, std::move(phase), peer, true});
    ++m_total;
    ++m_per_peer[peer];
    handle = std::prev(m_list.end());
    return Verdict::admitted;
  }

  void remove(Handle h) {
    std::lock_guard lock(m_mu);
    if (h->counted) uncount_locked(*h);
    m_list.erase(h);
  }

  std::vector<std::shared_ptr<Session>> snapshot() {
    std::vector<std::shared_ptr<Session>> out;
    std::lock_guard lock(m_mu);
    for (auto& e : m_list) {
      if (auto s = e.session.lock()) out.push_back(std::move(s));
    }
    return out;  // the caller drops these outside the lock
  }

  std::size_t size() {
    std::lock_guard lock(m_mu);
    return m_list.size();
  }

 private:
  bool evict_locked(const std::string* peer, std::shared_ptr<Session>& victim) {
    for (auto& e : m_list) {
      if (!e.counted || (peer && e.peer != *peer) || e.phase->load() > kHeaders) continue;
      auto s = e.session.lock();
      if (!s) continue;  // being destroyed: it will leave by itself
      uncount_locked(e);
      victim = std::move(s);
      return true;
    }
    return false;
  }
  void uncount_locked(Entry& e) {
    e.counted = false;
    --m_total;
    auto it = m_per_peer.find(e.peer);
    if (it != m_per_peer.end() && --it->second == 0) m_per_peer.erase(it);
  }

  std::size_t m_max_total, m_max_peer;
  std::mutex m_mu;
  std::list<Entry> m_list;
  std::size_t m_total = 0;
  std::unordered_map<std::string, std::size_t> m_per_peer;
};

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  return addr.to_string();
}

// ---- The server's shared state.
struct ServerState {
  RequestHandler handler;
  WebHandler web;  // the console; empty: every path outside /v1/ is 404
  ServerOptions options;
  Registry registry;
  AuthLimiter limiter;
  ssl::context tls{ssl::context::tls_server};
  asio::io_context ioc;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  asio::steady_timer accept_retry{acceptor.get_executor()};
  std::unique_ptr<WorkerPool> pool;
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  bool bound = false;

  std::mutex state_mu;
  std::condition_variable state_cv;
  bool started = false;
  bool stopped = false;

  ServerState(RequestHandler h, ServerOptions o)
      : handler(std::move(h)),
        options(o),
        registry(o.max_connections, o.max_connections_per_peer),
        limiter(options) {}

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
};

// ---- One connection. Every member function runs on the connection's strand
// (the executor of its stream), except the constructor and destructor.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& impl, tcp::socket&& socket, std::string peer)
      : m_impl(impl), m_stream(std::move(socket), impl.tls), m_peer(std::move(peer)) {}
  ~Session() {
    if (m_registered) m_impl.registry.remove(m_handle);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void set_registration(Registry::Handle h) {
    m_handle = h;
    m_registered = true;
  }
  [[nodiscard]] std::shared_ptr<std::atomic<int>> phase() const { return m_phase; }
  [[nodiscard]] auto executor() { return m_stream.get_executor(); }

  void start() {
    set_phase(kHandshake);
    tcp_layer().expires_after(m_impl.options.handshake_timeout);
    m_stream.async_handshake(ssl::stream_base::server,
                             [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

  // stop(): connections between requests close now; a request in flight
  // finishes and then its connection closes.
  void on_stop() {
    if (m_closed) return;
    if (m_phase->load() <= kHeaders) close("shutdown");
  }

  // Chosen by the registry to make room; spared if it has meanwhile read a
  // whole request head (it then no longer counts against the caps).
  void evict(std::string_view reason) {
    if (m_phase->load() <= kHeaders) close(reason);
  }

  void close(std::string_view reason) {
    if (m_closed) return;
    m_closed = true;
    set_phase(kClosing);
    if (!reason.empty()) spdlog::info("connection peer={} closed={}", m_peer, reason);
    beast::error_code ec;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp_layer().close();
  }

 private:
  beast::tcp_stream& tcp_layer() { return beast::get_lowest_layer(m_stream); }
  void set_phase(Phase p) { m_phase->store(p); }
  static bool is_timeout(const beast::error_code& ec) { return ec == beast::error::timeout; }

  void on_handshake(beast::error_code ec) {
    if (m_closed) return;
    if (ec) return close(is_timeout(ec) ? "handshake_timeout" : "tls_failed");
    wait_for_request(true);
  }

  void wait_for_request(bool first) {
    if (m_impl.stopping.load()) return close("shutdown");
    m_parser.emplace();
    m_parser->header_limit(kMaxHeaderBytes);
    m_parser->body_limit(sync::kMaxRequestBytes);
    if (first || m_buffer.size() > 0) return read_header();
    set_phase(kIdle);
    tcp_layer().expires_after(m_impl.options.idle_timeout);
    m_stream.async_read_some(m_buffer.prepare(4096), [self = shared_from_this()](beast::error_code e, std::size_t n) {
      if (self->m_closed) return;
      if (e) return self->close(is_timeout(e) ? "idle_timeout" : "");
      self->m_buffer.commit(n);
      self->read_header();
    });
  }

  void read_header() {
    set_phase(kHeaders);
    m_request_started = SteadyClock::now();
    m_method = "-";
    m_path = "-";
    m_web = false;
    tcp_layer().expires_after(m_impl.options.header_timeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (m_closed) return;
    if (ec == http::error::header_limit) return refuse(431, "header_too_large", "the request head is over 8 KiB");
    // The parser checks Content-Length against body_limit as it reads the head.
    if (ec == http::error::body_limit)
      return refuse(413, "too_large", "the request body is over " + std::to_string(sync::kMaxRequestBytes) + " bytes");
    if (is_timeout(ec)) return close("header_timeout");
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == ssl::error::stream_truncated)
      return close("");
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_method).category())
        return refuse(400, "bad_request", "the request is not well-formed HTTP/1.1");
      return close("");
    }
    const auto& req = m_parser->get();
    m_method = escape_for_log(sv(req.method_string()), 16);
    m_path = escape_for_log(sv(req.target()), 64);
    if (static_cast<std::size_t>(std::distance(req.begin(), req.end())) > kMaxHeaderFields)
      return refuse(431, "header_too_large", "the request has more than 50 header fields");
    m_web = !sv(req.target()).starts_with("/v1/");
    if (m_web) return on_web_header();
    if (req.method() != http::verb::post)
      return refuse(405, "method_not_allowed", "only POST is served: POST /v1/enroll, /v1/push or /v1/pull");
    if (req.find(http::field::transfer_encoding) != req.end())
      return refuse(411, "length_required", "Transfer-Encoding is not accepted: send the body with a Content-Length");
    if (req.find(http::field::content_encoding) != req.end())
      return refuse(415, "unsupported_encoding", "Content-Encoding is not accepted: send the body unencoded");
    const auto length = m_parser->content_length();
    if (!length) return refuse(411, "length_required", "a Content-Length is required");
    if (*length > sync::kMaxRequestBytes)
      return refuse(413, "too_large", "the request body is over " + std::to_string(sync::kMaxRequestBytes) + " bytes");
    set_phase(kInRequest);
    tcp_layer().expires_at(m_request_started + m_impl.options.request_timeout);
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_body(e); });
  }

  // The console's limits (https_server.hpp): GET without a body, or a small
  // url-encoded form POST.
  void on_web_header() {
    const auto& req = m_parser->get();
    if (req.method() != http::verb::get && req.method() != http::verb::post)
      return refuse(405, "method_not_allowed", "only GET and POST are served here");
    if (req.find(http::field::transfer_encoding) != req.end())
      return refuse(411, "length_required", "Transfer-Encoding is not accepted: send the body with a Content-Length");
    if (req.find(http::field::content_encoding) != req.end())
      return refuse(415, "unsupported_encoding", "Content-Encoding is not accepted: send the body unencoded");
    const auto length = m_parser->content_length();
    if (req.method() == http::verb::get) {
      if (length && *length > 0) return refuse(413, "too_large", "a GET request carries no body");
      return dispatch();
    }
    const auto type = sv(req[http::field::content_type]);
    if (!type.starts_with("application/x-www-form-urlencoded"))
      return refuse(415, "unsupported_media_type", "forms are sent as application/x-www-form-urlencoded");
    if (!length) return refuse(411, "length_required", "a Content-Length is required");
    if (*length > kMaxFormBytes)
      return refuse(413, "too_large", "the form is over " + std::to_string(kMaxFormBytes) + " bytes");
    m_parser->body_limit(kMaxFormBytes);
    set_phase(kInRequest);
    tcp_layer().expires_at(m_request_started + m_impl.options.request_timeout);
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_body(e); });
  }

  void dispatch_web() {
    auto& req = m_parser->get();
    m_keep_alive = req.keep_alive();
    tcp_layer().expires_never();  // no socket operation while the worker runs
    WebRequest wr;
    wr.method = std::string(sv(req.method_string()));
    wr.target = std::string(sv(req.target()));
    wr.cookie = std::string(sv(req[http::field::cookie]));
    wr.body = std::move(req.body());
    wr.peer = m_peer;
    const std::size_t queued_bytes = wr.body.size() + wr.target.size() + wr.cookie.size();
    std::function<void()> job = [self = shared_from_this(), wr = std::move(wr), queued_at = SteadyClock::now()]() {
      WebResponse r;
      try {
        if (self->waited_too_long(queued_at)) {
          r = {503, "text/plain; charset=utf-8", "The office is busy; try again shortly.\n",
               {{"Retry-After", std::to_string(self->m_impl.options.retry_after_s)}}, "status=503 error=queue_wait"};
        } else if (self->m_impl.web) {
          r = self->m_impl.web(wr);
        } else {
          r = {404, "text/plain; charset=utf-8", "Not found.\n", {}, "status=404"};
        }
      } catch (...) {
        r = {500, "text/plain; charset=utf-8", "The office hit an internal error.\n", {}, "status=500 error=internal"};
      }
      const std::size_t bytes_in = wr.body.size();
      asio::post(self->executor(), [self, r = std::move(r), bytes_in]() mutable {
        self->on_web_handled(std::move(r), bytes_in);
      });
    };
    if (!m_impl.pool->try_submit(job, queued_bytes)) {
      spdlog::info("request peer={} method={} path={} status=503 error=busy retry_after_s={}", m_peer, m_method,
                   m_path, m_impl.options.retry_after_s);
      send(503, kPlainText, "The office is busy; try again shortly.\n", {}, m_impl.options.retry_after_s, false);
    }
  }

  void on_web_handled(WebResponse r, std::size_t bytes_in) {
    if (m_closed) return;
    if (m_impl.options.log_requests || r.status >= 400) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - m_request_started).count();
      spdlog::info("request peer={} method={} path={} status={} {} bytes_in={} bytes_out={} us={}", m_peer, m_method,
                   m_path, r.status, escape_for_log(r.log, 256), bytes_in, r.body.size(), us);
    }
    send(r.status, r.content_type, std::move(r.body), r.headers, 0, false);
  }

  void on_body(beast::error_code ec) {
    if (m_closed) return;
    if (ec == http::error::body_limit) return refuse(413, "too_large", "the request body is too large");
    if (is_timeout(ec)) return close("request_timeout");
    if (ec) return close("");
    dispatch();
  }

  void dispatch() {
    if (m_web) return dispatch_web();
    auto& req = m_parser->get();
    m_keep_alive = req.keep_alive();
    const auto now = SteadyClock::now();
    if (const auto wait = m_impl.limiter.blocked_for(m_peer, now); wait.count() > 0) {
      const auto secs = std::chrono::ceil<std::chrono::seconds>(wait).count();
      spdlog::info("request peer={} method={} path={} status=429 error=too_many_failures retry_after_s={}", m_peer,
                   m_method, m_path, secs);
      return respond(429, error_json("too_many_failures", "too many failed attempts from this address; try later"),
                     secs, false);
    }
    tcp_layer().expires_never();  // no socket operation while the worker runs
    const std::size_t queued_bytes = req.body().size() + req.target().size() + req[http::field::authorization].size();
    std::function<void()> job = [self = shared_from_this(), path = std::string(req.target()),
                                 auth = std::string(req[http::field::authorization]),
                                 body = std::move(req.body()), queued_at = SteadyClock::now()]() {
      office::ServiceResponse r;
      try {
        if (self->waited_too_long(queued_at)) {
          r = {503, error_json("busy", "the office is busy; try again shortly"), "status=503 error=queue_wait"};
          r.retry_after_s = self->m_impl.options.retry_after_s;
        } else {
          r = self->m_impl.handler(path, body, auth);
        }
      } catch (...) {
        r = {500, error_json("internal", "the office hit an internal error"), "status=500 error=internal"};
      }
      const std::size_t bytes_in = body.size();
      asio::post(self->executor(), [self, r = std::move(r), bytes_in, enroll = path == sync::kEnrollPath]() mutable {
        self->on_handled(std::move(r), bytes_in, enroll);
      });
    };
    if (!m_impl.pool->try_submit(job, queued_bytes)) {
      spdlog::info("request peer={} method={} path={} status=503 error=busy retry_after_s={}", m_peer, m_method,
                   m_path, m_impl.options.retry_after_s);
      respond(503, error_json("busy", "the office is busy; try again shortly"), m_impl.options.retry_after_s, false);
    }
  }

  // On a worker: the request waited for one longer than max_queue_wait (its
  // client may have given up), so it is answered 503 without being handled.
  bool waited_too_long(SteadyClock::time_point queued_at) const {
    return m_impl.options.max_queue_wait.count() > 0 && SteadyClock::now() - queued_at > m_impl.options.max_queue_wait;
  }

  void on_handled(office::ServiceResponse r, std::size_t bytes_in, bool enroll) {
    if (m_closed) return;
    const auto now = SteadyClock::now();
    const bool failed = r.status == 401 || (enroll && r.status >= 400 && r.status < 500 && r.status != 413);
    const bool blocked = failed && m_impl.limiter.record_failure(m_peer, now);
    if (m_impl.options.log_requests || r.status >= 400) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - m_request_started).count();
      spdlog::info("request peer={} method={} path={} {} bytes_in={} bytes_out={} us={}", m_peer, m_method, m_path,
                   escape_for_log(r.log, 512), bytes_in, r.body.size(), us);
    }
    if (blocked) spdlog::info("peer={} event=auth_cooldown failures={}", m_peer, m_impl.options.auth_failure_limit);
    respond(r.status, std::move(r.body), r.retry_after_s, false);
  }

  // Answers before the body was read: the connection cannot be reused.
  void refuse(int status, std::string_view code, const std::string& message) {
    spdlog::info("request peer={} method={} path={} status={} error={}", m_peer, m_method, m_path, status, code);
    m_keep_alive = false;
    if (m_web) return send(status, kPlainText, message + "\n", {}, 0, true);
    respond(status, error_json(code, message), 0, true);
  }

  void respond(int status, std::string body, long long retry_after_s, bool drain) {
    send(status, "application/json", std::move(body), {}, retry_after_s, drain);
  }

  void send(int status, std::string_view content_type, std::string body,
            const std::vector<std::pair<std::string, std::string>>& headers, long long retry_after_s, bool drain) {
    set_phase(kInRequest);
    m_response = {};
    m_response.version(11);
    m_response.result(static_cast<unsigned>(status));
    m_response.set(http::field::content_type, content_type);
    if (status == 405) m_response.set(http::field::allow, m_web ? "GET, POST" : "POST");
    if (retry_after_s > 0) m_response.set(http::field::retry_after, std::to_string(retry_after_s));
    for (const auto& [name, value] : kSecurityHeaders) {
      const bool replaced = std::any_of(headers.begin(), headers.end(), [&](const auto& h) {
        return beast::iequals(h.first, name);
      });
      if (!replaced) m_response.set(name, value);
    }
    for (const auto& [name, value] : headers) m_response.insert(name, value);
    m_response.keep_alive(m_keep_alive && !m_impl.stopping.load());
    m_response.body() = std::move(body);
    m_response.prepare_payload();
    const auto rate = std::max<std::size_t>(1, m_impl.options.min_write_bytes_per_s);
    tcp_layer().expires_after(m_impl.options.write_timeout +
                              std::chrono::milliseconds(m_response.body().size() * 1000 / rate));
    http::async_write(m_stream, m_response, [self = shared_from_this(), drain](beast::error_code ec, std::size_t) {
      if (self->m_closed) return;
      if (ec) return self->close(is_timeout(ec) ? "write_timeout" : "");
      if (drain) return self->drain_and_close();
      if (self->m_response.keep_alive()) return self->wait_for_request(false);
      self->close("");
    });
  }

  // After a refusal the client may still be sending its body. Closing with
  // unread bytes would reset the connection and could destroy the answer
  // before the client reads it; so half-close and discard what arrives, for
  // a second at most.
  void drain_and_close() {
    set_phase(kClosing);
    beast::error_code ec;
    tcp_layer().socket().shutdown(tcp::socket::shutdown_send, ec);
    tcp_layer().expires_after(kDrainTime);
    drain_some();
  }
  void drain_some() {
    tcp_layer().async_read_some(asio::buffer(m_scratch), [self = shared_from_this()](beast::error_code ec,
                                                                                       std::size_t n) {
      if (self->m_closed) return;
      self->m_drained += n;
      if (ec || self->m_drained > kMaxDrainBytes) return self->close("");
      self->drain_some();
    });
  }

  ServerState& m_impl;
  TlsStream m_stream;
  std::string m_peer;
  std::shared_ptr<std::atomic<int>> m_phase = std::make_shared<std::atomic<int>>(kHandshake);
  Registry::Handle m_handle{};
  bool m_registered = false;
  bool m_closed = false;
  bool m_keep_alive = true;
  bool m_web = false;  // this request is the console's (outside /v1/)
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  http::response<http::string_body> m_response;
  SteadyClock::time_point m_request_started{};
  std::string m_method = "-", m_path = "-";
  std::array<char, 4096> m_scratch{};
  std::size_t m_drained = 0;
};

void load_identity(ssl::context& tls, const std::string& cert_pem, const std::string& key_pem) {
  SSL_CTX* ctx = tls.native_handle();
  BioPtr cert_bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  X509Ptr cert(cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) throw Error(ErrorCode::bad_input, "the TLS certificate is not a PEM certificate");
  if (SSL_CTX_use_certificate(ctx, cert.get()) != 1)
    throw Error(ErrorCode::bad_input, "the TLS certificate cannot be used");
  // Any further certificates in the PEM are the chain (a CA-issued --cert).
  while (X509Ptr extra{PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)}) {
    if (SSL_CTX_add1_chain_cert(ctx, extra.get()) != 1)
      throw Error(ErrorCode::bad_input, "the TLS certificate chain cannot be used");
  }
  ERR_clear_error();  // the loop ends on a "no start line" error
  BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  PkeyPtr key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key) throw Error(ErrorCode::bad_input, "the TLS key is not a PEM private key");
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1)
    throw Error(ErrorCode::bad_input, "the TLS certificate and key do not belong together");
}

void ServerState::accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void ServerState::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping.load() || !acceptor.is_open()) return;
  if (ec) {
    // Out of descriptors or similar: log, pause briefly, accept again.
    spdlog::warn("event=accept_failed error={}", escape_for_log(ec.message(), 128));
    accept_retry.expires_after(std::chrono::milliseconds(50));
    accept_retry.async_wait([this](beast::error_code e) {
      if (!e && !stopping.load()) accept();
    });
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::string peer = peer_address(socket);
  auto session = std::make_shared<Session>(*this, std::move(socket), peer);
  std::shared_ptr<Session> victim;
  Registry::Handle handle;
  const char* why = nullptr;
  const auto verdict = registry.admit(session, session->phase(), peer, handle, victim, why);
  if (verdict != Registry::Verdict::admitted) {
    spdlog::info("connection peer={} closed={}", peer,
                 verdict == Registry::Verdict::refused_peer ? "peer_limit" : "total_limit");
    session.reset();  // closes the socket
  } else {
    session->set_registration(handle);
    asio::dispatch(session->executor(), [session] { session->start(); });
    if (victim) {
      asio::post(victim->executor(), [victim, why] { victim->evict(why); });
      victim.reset();
    }
  }
  accept();
}

}  // namespace

struct OfficeHttpsServer::Impl : ServerState {
  using ServerState::ServerState;
};

OfficeHttpsServer::OfficeHttpsServer(office::OfficeService& service, const std::string& cert_pem,
                                     const std::string& key_pem, ServerOptions options)
    : OfficeHttpsServer(
          [&service](std::string_view path, std::string_view body, std::string_view auth) {
            return service.handle(path, body, auth);
          },
          cert_pem, key_pem, options) {}

OfficeHttpsServer::OfficeHttpsServer(RequestHandler handler, const std::string& cert_pem, const std::string& key_pem,
                                     ServerOptions options)
    : m_impl(std::make_unique<Impl>(std::move(handler), options)) {
  auto& tls = m_impl->tls;
  SSL_CTX* ctx = tls.native_handle();
  // Both ends are ours: TLS 1.3 only, no compression. One stateless session
  // ticket per handshake (sealed with a key OpenSSL draws at random for this
  // process; nothing stored server-side), valid for kTicketLifetime: a
  // device's next connection resumes it, skipping the certificate and its
  // signature (psk_dhe_ke: a fresh ECDHE share is still made). No 0-RTT.
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_num_tickets(ctx, 1);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_timeout(ctx, static_cast<long>(kTicketLifetime.count()));
  SSL_CTX_set_max_early_data(ctx, 0);
  load_identity(tls, cert_pem, key_pem);
}

OfficeHttpsServer::~OfficeHttpsServer() { stop(); }

void OfficeHttpsServer::serve_console(WebHandler handler) {
  std::lock_guard lock(m_impl->state_mu);
  if (m_impl->started) throw Error(ErrorCode::internal, "OfficeHttpsServer::serve_console after start");
  m_impl->web = std::move(handler);
}

int OfficeHttpsServer::bind(const std::string& host, int port) {
  auto& impl = *m_impl;
  beast::error_code ec;
  if (port < 0 || port > 65535) throw Error(ErrorCode::io, "cannot listen on " + host + ":" + std::to_string(port));
  tcp::resolver resolver(impl.ioc);
  const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty())
    throw Error(ErrorCode::io, "cannot listen on " + host + ":" + std::to_string(port) + ": cannot resolve the host");
  const tcp::endpoint ep = results.begin()->endpoint();
  impl.acceptor.open(ep.protocol(), ec);
  if (!ec) impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor.bind(ep, ec);
  if (!ec) impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw Error(ErrorCode::io, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  impl.bound = true;
  return impl.acceptor.local_endpoint().port();
}

void OfficeHttpsServer::start() {
  auto& impl = *m_impl;
  {
    std::lock_guard lock(impl.state_mu);
    if (impl.started || impl.stopped) return;
    if (!impl.bound) throw Error(ErrorCode::internal, "OfficeHttpsServer::start before bind");
    impl.started = true;
  }
  impl.pool = std::make_unique<WorkerPool>(impl.options.worker_threads, impl.options.worker_queue,
                                           impl.options.worker_queue_bytes);
  asio::dispatch(impl.acceptor.get_executor(), [&impl] { impl.accept(); });
  for (int i = 0; i < std::max(1, impl.options.io_threads); ++i) impl.io_threads.emplace_back([&impl] { impl.ioc.run(); });
}

void OfficeHttpsServer::serve() {
  start();
  auto& impl = *m_impl;
  std::unique_lock lock(impl.state_mu);
  impl.state_cv.wait(lock, [&] { return impl.stopped; });
}

void OfficeHttpsServer::stop() {
  if (!m_impl) return;
  auto& impl = *m_impl;
  {
    std::lock_guard lock(impl.state_mu);
    if (impl.stopped || impl.stopping.exchange(true)) return;
  }
  const auto post_to_all = [&](bool force) {
    for (auto& s : impl.registry.snapshot()) {
      asio::post(s->executor(), [s, force] { force ? s->close("shutdown_forced") : s->on_stop(); });
    }
  };
  const auto wait_empty = [&](std::chrono::milliseconds limit) {
    const auto until = SteadyClock::now() + limit;
    while (impl.registry.size() > 0 && SteadyClock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  if (impl.started) {
    asio::post(impl.acceptor.get_executor(), [&impl] {
      beast::error_code ec;
      impl.acceptor.close(ec);
      impl.accept_retry.cancel();
    });
    post_to_all(false);
    wait_empty(impl.options.shutdown_grace);
    if (impl.registry.size() > 0) {
      post_to_all(true);
      wait_empty(std::chrono::seconds(1));
    }
  }
  impl.ioc.stop();
  for (auto& t : impl.io_threads) t.join();
  impl.io_threads.clear();
  if (impl.pool) impl.pool->shutdown();
  {
    beast::error_code ec;
    impl.acceptor.close(ec);
  }
  // Notify under the lock: serve() cannot return (and the server be
  // destroyed) until this thread no longer touches it.
  std::lock_guard lock(impl.state_mu);
  impl.stopped = true;
  impl.state_cv.notify_all();
}

}  // namespace doorstep::net

// The office's HTTPS front under attack, as the security review attacked it:
// a real `doorstep-office serve` process, hostile clients on 127.0.0.1, and
// real devices (`doorstep-cli`) that must still be served. Plus in-process
// servers with small ServerOptions for the worker queue and the deadlines.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <future>
#include <map>
#include <mutex>

#include "adversary/office_process.hpp"
#include "net/https_server.hpp"
#include "net/https_transport.hpp"
#include "net/tls_identity.hpp"
#include "net/tls_session_cache.hpp"
#include "office/office_service.hpp"
#include "sync/enroll_code.hpp"
#include "sync/protocol.hpp"

using namespace doorstep;
using namespace doorstep::test;

namespace {

constexpr long kRssSlackKib = 64 * 1024;  // the server may grow by at most 64 MiB under attack

std::string post_head(const std::string& path, const std::string& extra_headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extra_headers +
         "\r\n";
}

// The answer to one raw request sent in one piece.
std::string raw_exchange(int port, const std::string& request, int ms = 5000) {
  RawTls c(port);
  if (!c.connected()) return "";
  c.send(request);
  return c.read_answer(ms);
}

void require_sync_ok(const AttackedTablet& dev, double max_seconds) {
  const auto t0 = SteadyClock::now();
  const auto r = dev.sync();
  const double took = seconds_since(t0);
  INFO(r.err);
  INFO("sync took " << took << " s");
  REQUIRE(r.exit_code == 0);
  CHECK(took < max_seconds);
}

}  // namespace

TEST_CASE("bodies that would grow the server are refused before they are read", "[adversary][net]") {
  AttackedOffice office;
  const AttackedTablet dev(office, "a");
  require_sync_ok(dev, 10);
  const long rss_before = office.rss_kib();
  REQUIRE(rss_before > 0);

  SECTION("a 1 GiB chunked body") {
    RawTls c(office.port());
    REQUIRE(c.connected());
    const auto t0 = SteadyClock::now();
    REQUIRE(c.send(post_head(sync::kPushPath.data(), "Transfer-Encoding: chunked\r\n")));
    const std::string chunk = "100000\r\n" + std::string(1 << 20, 'a') + "\r\n";  // 1 MiB
    std::size_t sent_mib = 0;
    std::string answer;
    while (sent_mib < 1024 && seconds_since(t0) < 20) {
      if (c.readable(0)) break;
      if (!c.send(chunk)) break;
      ++sent_mib;
    }
    answer = c.read_answer(3000);
    INFO("sent " << sent_mib << " MiB in " << seconds_since(t0) << " s");
    CHECK(sent_mib < 64);  // stopped long before 1 GiB
    CHECK(RawTls::status_of(answer) == 411);
  }
  SECTION("a gzip Content-Encoding body") {
    std::string body = "\x1f\x8b\x08";
    body.resize(512 * 1024, '\0');
    const auto answer =
        raw_exchange(office.port(), post_head(sync::kPushPath.data(), "Content-Encoding: gzip\r\nContent-Length: " +
                                                                          std::to_string(body.size()) + "\r\n") +
                                        body);
    CHECK(RawTls::status_of(answer) == 415);
  }
  SECTION("25,000 header lines") {
    RawTls c(office.port());
    REQUIRE(c.connected());
    const auto t0 = SteadyClock::now();
    std::string head = "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 25'000; ++i) head += "X-Filler-" + std::to_string(i) + ": yes\r\n";
    head += "Content-Length: 2\r\n\r\n{}";
    // Send in 64 KiB pieces until the server answers or stops reading.
    for (std::size_t at = 0; at < head.size() && !c.readable(0); at += 65536) {
      if (!c.send(std::string_view(head).substr(at, 65536))) break;
    }
    const auto answer = c.read_answer(3000);
    CHECK(RawTls::status_of(answer) == 431);
    CHECK(seconds_since(t0) < 3);
  }
  SECTION("a head with more than 50 fields, though under 8 KiB") {
    std::string extra;
    for (int i = 0; i < 60; ++i) extra += "X-F" + std::to_string(i) + ": y\r\n";
    const auto answer = raw_exchange(office.port(), post_head("/v1/pull", extra + "Content-Length: 2\r\n") + "{}");
    CHECK(RawTls::status_of(answer) == 431);
  }

  const long rss_after = office.rss_kib();
  INFO("VmRSS before " << rss_before << " KiB, after " << rss_after << " KiB");
  CHECK(rss_after - rss_before < kRssSlackKib);
  // And it still serves.
  require_sync_ok(dev, 10);
  CHECK(office.running());
}

TEST_CASE("requests that are not POST with a sane Content-Length get a 4xx and the server keeps serving",
          "[adversary][net]") {
  AttackedOffice office;
  const int port = office.port();
  const auto get = raw_exchange(port, "GET /v1/pull HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(RawTls::status_of(get) == 405);
  CHECK(RawTls::header_of(get, "Allow") == "POST");
  CHECK(RawTls::header_of(get, "X-Content-Type-Options") == "nosniff");
  // Outside /v1/ is the web console: GET without a body, or a small url-encoded form POST.
  const auto page = raw_exchange(port, "GET /login HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(RawTls::status_of(page) == 200);
  CHECK(RawTls::header_of(page, "Content-Security-Policy").value_or("").find("frame-ancestors 'none'") != std::string::npos);
  CHECK(RawTls::status_of(raw_exchange(port, "PUT /login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")) == 405);
  CHECK(RawTls::status_of(raw_exchange(port, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                             "Content-Length: 2\r\n\r\n{}")) == 415);
  CHECK(RawTls::status_of(raw_exchange(port, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                             "application/x-www-form-urlencoded\r\nContent-Length: 99999\r\n\r\n")) == 413);
  CHECK(RawTls::status_of(raw_exchange(port, "GET /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")) == 413);
  CHECK(RawTls::status_of(raw_exchange(port, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")) == 303);  // to /login
  CHECK(RawTls::status_of(raw_exchange(port, "PUT /v1/push HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")) == 405);
  CHECK(RawTls::status_of(raw_exchange(port, "DELETE /v1/push HTTP/1.1\r\nHost: x\r\n\r\n")) == 405);
  CHECK(RawTls::status_of(raw_exchange(port, post_head("/v1/pull", ""))) == 411);
  CHECK(RawTls::status_of(raw_exchange(port, post_head("/v1/pull", "Content-Length: 5242880\r\n"))) == 413);
  CHECK(RawTls::status_of(raw_exchange(port, post_head("/v1/pull", "Content-Length: 99999999999999999999\r\n"))) ==
        400);
  CHECK(RawTls::status_of(raw_exchange(port, "NOT HTTP AT ALL\r\n\r\n")) == 400);
  // An unknown path is the service's business: 404 in its JSON shape.
  CHECK(RawTls::status_of(raw_exchange(port, post_head("/v1/nothing", "Content-Length: 2\r\n") + "{}")) == 404);

  const AttackedTablet dev(office, "a");
  require_sync_ok(dev, 10);
  const auto log = office.log();
  CHECK_THAT(log, Catch::Contains("status=405 error=method_not_allowed") &&
                      Catch::Contains("status=411 error=length_required") &&
                      Catch::Contains("status=413 error=too_large") && Catch::Contains("peer=127.0.0.1"));
}

TEST_CASE("500 idle connections and 50 slow TLS clients do not starve real devices", "[adversary][net]") {
  AttackedOffice office;
  std::vector<std::unique_ptr<AttackedTablet>> devices;
  for (int i = 0; i < 10; ++i) devices.push_back(std::make_unique<AttackedTablet>(office, "d" + std::to_string(i)));

  const IdleClients idle(office.port(), 500);
  const SlowTlsClients slow(office.port(), 50);
  INFO("idle " << idle.size() << ", slow " << slow.size());
  REQUIRE(idle.size() >= 450);
  REQUIRE(slow.size() >= 45);

  for (const auto& dev : devices) require_sync_ok(*dev, 2.0);
  CHECK(office.running());
  CHECK_THAT(office.log(), Catch::Contains("closed=evicted_peer_limit"));
}

TEST_CASE("SIGTERM with slow and idle clients attached: the server exits 0 within 6 s", "[adversary][net]") {
  AttackedOffice office;
  const AttackedTablet dev(office, "a");
  require_sync_ok(dev, 10);
  const IdleClients idle(office.port(), 20);
  const SlowTlsClients slow(office.port(), 20);
  // Connections past the handshake, trickling a request head.
  std::vector<std::unique_ptr<RawTls>> trickling;
  for (int i = 0; i < 5; ++i) {
    auto c = std::make_unique<RawTls>(office.port());
    if (c->connected() && c->send("POST /v1/pull HTTP/1.1\r\n")) trickling.push_back(std::move(c));
  }
  REQUIRE(trickling.size() == 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto t0 = SteadyClock::now();
  const int code = office.terminate(std::chrono::seconds(6));
  INFO(office.log());
  CHECK(code == 0);
  CHECK(seconds_since(t0) < 6);
}

TEST_CASE("after repeated failed authentications a peer gets 429 without the service being asked",
          "[adversary][net]") {
  AttackedOffice office;
  const auto code = sync::EnrollCode::parse(office.enroll_code());
  net::HttpsTransport t("127.0.0.1", office.port(), code.pin, std::chrono::seconds(5));
  const std::string body = R"({"protocol":1,"since":0,"limit":10})";
  for (int i = 0; i < 10; ++i) {
    const auto r = t.post(sync::kPullPath, body, office::auth_header("nodevice", "00"));
    INFO("attempt " << i << ": " << r.body);
    REQUIRE(r.status == 401);
  }
  const auto blocked = t.post(sync::kPullPath, body, office::auth_header("nodevice", "00"));
  CHECK(blocked.status == 429);
  // Enrolment guesses from the same address are refused too, even a right one.
  const auto enroll = t.post(sync::kEnrollPath, sync::to_json(sync::EnrollRequest{code.secret, "t"}).dump(), "");
  CHECK(enroll.status == 429);
  const auto log = office.log();
  CHECK_THAT(log, Catch::Contains("event=auth_cooldown") && Catch::Contains("status=429 error=too_many_failures"));
  // The service logged the ten 401s and nothing after: the 429s did not reach it.
  std::size_t service_lines = 0;
  for (std::size_t at = 0; (at = log.find("error=unauthenticated", at)) != std::string::npos; ++at) ++service_lines;
  CHECK(service_lines == 10);
}

namespace {

// An in-process server whose handler blocks until released.
struct GatedServer {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int calls = 0;
  const net::TlsIdentity& id() {
    static const net::TlsIdentity identity = net::make_self_signed_identity({"127.0.0.1"}, 1);
    return identity;
  }
  net::RequestHandler handler() {
    return [this](std::string_view, std::string_view, std::string_view) {
      std::unique_lock lock(mu);
      ++calls;
      cv.notify_all();
      cv.wait(lock, [this] { return open; });
      return office::ServiceResponse{200, R"({"ok":true})", "endpoint=/v1/pull status=200"};
    };
  }
  void wait_calls(int n) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls >= n; });
  }
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};

// A GatedServer behind a running OfficeHttpsServer on 127.0.0.1. On the way
// out (a failed check included) the gate opens before the server stops: it
// joins its workers, which wait at the gate.
struct GatedOffice {
  GatedServer gate;
  net::OfficeHttpsServer server;
  int port = 0;
  sync::SpkiPin pin;
  explicit GatedOffice(net::ServerOptions o)
      : server(gate.handler(), gate.id().cert_pem, gate.id().key_pem, quiet(std::move(o))),
        pin(net::spki_pin_of(gate.id().cert_pem)) {
    port = server.bind("127.0.0.1", 0);
    server.start();
  }
  ~GatedOffice() { gate.release(); }  // runs before the members' destructors
  // A client that takes a 503 as it comes, without retrying.
  static net::ClientOptions no_retry() {
    net::ClientOptions c;
    c.timeout = std::chrono::seconds(10);
    c.busy_retry_for = std::chrono::milliseconds(0);
    return c;
  }
  // POSTs `body` to the pull path from a new transport; the HTTP status.
  int post(const std::string& body, const net::ClientOptions& options = no_retry()) const {
    net::HttpsTransport t("127.0.0.1", port, pin, options);
    return t.post(sync::kPullPath, body, "").status;
  }

 private:
  static net::ServerOptions quiet(net::ServerOptions o) {
    o.log_requests = false;
    return o;
  }
};

}  // namespace

TEST_CASE("a full worker queue answers 503 with Retry-After and the client retries until it is served", "[adversary][net]") {
  net::ServerOptions o;
  o.worker_threads = 1;
  o.worker_queue = 1;
  o.retry_after_s = 1;
  GatedOffice office(o);
  const std::string body = "{}";

  // One request in the worker, one in the queue.
  auto in_worker = std::async(std::launch::async, [&] { return office.post(body); });
  office.gate.wait_calls(1);
  auto queued = std::async(std::launch::async, [&] { return office.post(body); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // The third finds the queue full.
  const auto busy = raw_exchange(office.port, post_head("/v1/pull", "Content-Length: 2\r\n") + "{}");
  CHECK(RawTls::status_of(busy) == 503);
  CHECK(RawTls::header_of(busy, "Retry-After") == "1");

  // A device's client waits Retry-After and tries again; meanwhile the
  // workers drain.
  const auto t0 = SteadyClock::now();
  auto retrying = std::async(std::launch::async, [&] {
    net::HttpsTransport t("127.0.0.1", office.port, office.pin, std::chrono::seconds(10));
    return t.post(sync::kPullPath, body, "").status;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // several busy answers, each retried
  office.gate.release();
  CHECK(retrying.get() == 200);
  CHECK(seconds_since(t0) >= 1.5);  // it kept retrying while the queue was full, then succeeded
  CHECK(in_worker.get() == 200);
  CHECK(queued.get() == 200);
  {
    std::lock_guard lock(office.gate.mu);
    CHECK(office.gate.calls == 3);  // the 503s never reached the handler
  }
  office.server.stop();
}

TEST_CASE("the worker queue's byte budget answers 503 but a request finding the queue empty is always taken",
          "[adversary][net]") {
  net::ServerOptions o;
  o.worker_threads = 1;
  o.worker_queue = 100;       // the count bound is far away...
  o.worker_queue_bytes = 1000;  // ...the byte budget is what refuses
  o.retry_after_s = 1;
  GatedOffice office(o);
  const auto post_async = [&](std::string body) {
    return std::async(std::launch::async, [&, body = std::move(body)] { return office.post(body); });
  };

  auto in_worker = post_async("{}");
  office.gate.wait_calls(1);
  // Alone in the queue: taken though its 1,500 bytes are over the budget.
  auto big_alone = post_async("\"" + std::string(1498, 'a') + "\"");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The queue now holds more than its budget: even a small request is refused.
  const auto busy = raw_exchange(office.port, post_head("/v1/pull", "Content-Length: 2\r\n") + "{}");
  CHECK(RawTls::status_of(busy) == 503);
  CHECK(RawTls::header_of(busy, "Retry-After") == "1");
  office.gate.release();
  CHECK(in_worker.get() == 200);
  CHECK(big_alone.get() == 200);
  // Drained: small requests are taken again, several at once within the budget.
  {
    std::vector<std::future<int>> small;
    for (int i = 0; i < 4; ++i) small.push_back(post_async(std::string(100, ' ') + "{}"));
    for (auto& f : small) CHECK(f.get() == 200);
  }
  {
    std::lock_guard lock(office.gate.mu);
    CHECK(office.gate.calls == 6);  // the 503 never reached the handler
  }
  office.server.stop();
}

TEST_CASE("a request that waited longer than max_queue_wait for a worker is answered 503 and not handled",
          "[adversary][net]") {
  net::ServerOptions o;
  o.worker_threads = 1;
  o.max_queue_wait = std::chrono::milliseconds(300);
  o.retry_after_s = 1;
  GatedOffice office(o);
  auto in_worker = std::async(std::launch::async, [&] { return office.post("{}"); });
  office.gate.wait_calls(1);
  RawTls queued(office.port);  // waits behind it, longer than 300 ms
  REQUIRE(queued.connected());
  REQUIRE(queued.send(post_head("/v1/pull", "Content-Length: 2\r\n") + "{}"));
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  office.gate.release();
  CHECK(in_worker.get() == 200);
  const auto answer = queued.read_answer(5000);
  CHECK(RawTls::status_of(answer) == 503);
  CHECK(RawTls::header_of(answer, "Retry-After") == "1");
  // Served again at once when it does not wait.
  CHECK(office.post("{}") == 200);
  {
    std::lock_guard lock(office.gate.mu);
    CHECK(office.gate.calls == 2);  // the stale request never reached the handler
  }
  office.server.stop();
}

TEST_CASE("a busy office is retried with jittered sub-second first waits until busy_retry_for, then the 503 returns",
          "[adversary][net]") {
  // Every answer is 503 + Retry-After: 1; the handler notes when each
  // client (told apart by its Authorization value) called.
  std::mutex mu;
  std::map<std::string, std::vector<SteadyClock::time_point>> calls;
  const auto handler = [&](std::string_view, std::string_view, std::string_view auth) {
    {
      std::lock_guard lock(mu);
      calls[std::string(auth)].push_back(SteadyClock::now());
    }
    office::ServiceResponse r{503, R"({"error":{"code":"busy","message":"busy"}})", "status=503"};
    r.retry_after_s = 1;
    return r;
  };
  static const net::TlsIdentity id = net::make_self_signed_identity({"127.0.0.1"}, 1);
  net::ServerOptions o;
  o.worker_threads = 8;
  o.log_requests = false;
  net::OfficeHttpsServer server(handler, id.cert_pem, id.key_pem, o);
  const int port = server.bind("127.0.0.1", 0);
  server.start();
  net::ClientOptions opts;
  opts.timeout = std::chrono::seconds(10);
  opts.busy_retry_for = std::chrono::milliseconds(2'000);
  opts.first_retry_wait = std::chrono::milliseconds(500);
  opts.max_retry_wait = std::chrono::milliseconds(10'000);
  constexpr int kClients = 8;
  std::vector<std::future<std::pair<int, double>>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::async(std::launch::async, [&, i] {
      net::HttpsTransport t("127.0.0.1", port, net::spki_pin_of(id.cert_pem), opts);
      const auto t0 = SteadyClock::now();
      const int status = t.post(sync::kPushPath, "{}", "client-" + std::to_string(i)).status;
      return std::make_pair(status, seconds_since(t0));
    }));
  }
  for (auto& c : clients) {
    const auto [status, took] = c.get();
    CHECK(status == 503);  // gave up and said why
    CHECK(took >= 1.9);    // kept trying for busy_retry_for...
    CHECK(took < 4.0);     // ...and no longer
  }
  server.stop();
  std::vector<double> first_waits;
  for (const auto& [client, times] : calls) {
    INFO(client);
    // Waits of at most 0.5 s, 1 s, then cut at the 2 s: at least 4 calls.
    CHECK(times.size() >= 4);
    CHECK(times.size() <= 12);
    REQUIRE(times.size() >= 2);
    const double first = std::chrono::duration<double>(times[1] - times[0]).count();
    CHECK(first >= 0.1);  // [first_retry_wait / 4, first_retry_wait]
    CHECK(first < 0.9);   // sub-second, not Retry-After's whole second
    first_waits.push_back(first);
  }
  CHECK(calls.size() == kClients);
  // Jitter: clients refused together do not come back together.
  REQUIRE(!first_waits.empty());
  const auto [lo, hi] = std::minmax_element(first_waits.begin(), first_waits.end());
  CHECK(*hi - *lo > 0.02);
}

TEST_CASE("a new connection resumes the office's TLS session but never past the pin", "[adversary][net]") {
  const auto ok = [](std::string_view, std::string_view, std::string_view) {
    return office::ServiceResponse{200, R"({"ok":true})", "status=200"};
  };
  const net::TlsIdentity a = net::make_self_signed_identity({"127.0.0.1"}, 1);
  const net::TlsIdentity b = net::make_self_signed_identity({"127.0.0.1"}, 1);
  net::ServerOptions o;
  o.log_requests = false;
  net::TlsSessionCache::process().clear();
  auto first = std::make_unique<net::OfficeHttpsServer>(ok, a.cert_pem, a.key_pem, o);
  const int port = first->bind("127.0.0.1", 0);
  first->start();
  {
    net::HttpsTransport t("127.0.0.1", port, net::spki_pin_of(a.cert_pem), std::chrono::seconds(10));
    CHECK(t.post(sync::kPullPath, "{}", "").status == 200);
    CHECK(t.post(sync::kPullPath, "{}", "").status == 200);  // kept alive
    CHECK(t.connection_stats().connections == 1);
    CHECK(t.connection_stats().resumed == 0);  // the first one: a full handshake
  }
  for (int i = 0; i < 2; ++i) {  // the next syncs: new transports, new connections
    net::HttpsTransport t("127.0.0.1", port, net::spki_pin_of(a.cert_pem), std::chrono::seconds(10));
    CHECK(t.post(sync::kPullPath, "{}", "").status == 200);
    CHECK(t.connection_stats().connections == 1);
    CHECK(t.connection_stats().resumed == 1);
  }
  // Another key on the same address: the cached session is offered (same
  // host, port and pin) but cannot be resumed, and the full handshake fails
  // the pin.
  first->stop();
  first.reset();
  net::OfficeHttpsServer second(ok, b.cert_pem, b.key_pem, o);
  REQUIRE(second.bind("127.0.0.1", port) == port);
  second.start();
  {
    net::HttpsTransport t("127.0.0.1", port, net::spki_pin_of(a.cert_pem), std::chrono::seconds(10));
    CHECK_THROWS_AS(t.post(sync::kPullPath, "{}", ""), Error);
    CHECK(t.connection_stats().connections == 0);
  }
  {
    net::HttpsTransport t("127.0.0.1", port, net::spki_pin_of(b.cert_pem), std::chrono::seconds(10));
    CHECK(t.post(sync::kPullPath, "{}", "").status == 200);
    CHECK(t.connection_stats().resumed == 0);
  }
  second.stop();
}

TEST_CASE("connections that stall are closed at the phase deadlines", "[adversary][net]") {
  GatedServer gate;
  gate.release();
  net::ServerOptions o;
  o.handshake_timeout = std::chrono::milliseconds(300);
  o.header_timeout = std::chrono::milliseconds(300);
  o.request_timeout = std::chrono::milliseconds(600);
  o.idle_timeout = std::chrono::milliseconds(300);
  o.log_requests = false;
  net::OfficeHttpsServer server(gate.handler(), gate.id().cert_pem, gate.id().key_pem, o);
  const int port = server.bind("127.0.0.1", 0);
  server.start();

  SECTION("a TCP connection that never starts TLS") {
    const int fd = tcp_connect(port);
    REQUIRE(fd >= 0);
    CHECK(closed_by_peer(fd, 3000));
    ::close(fd);
  }
  SECTION("a TLS handshake sent a byte at a time") {
    const int fd = tcp_connect(port);
    REQUIRE(fd >= 0);
    const char head[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
    REQUIRE(::send(fd, head, sizeof head, MSG_NOSIGNAL) == sizeof head);
    const auto t0 = SteadyClock::now();
    bool cut = false;
    for (int i = 0; i < 60 && !cut; ++i) {  // 3 s at most
      const char b = 0x03;
      (void)::send(fd, &b, 1, MSG_NOSIGNAL);
      cut = closed_by_peer(fd, 50);
    }
    CHECK(cut);
    CHECK(seconds_since(t0) < 2);
    ::close(fd);
  }
  SECTION("a request head trickled slower than the header deadline") {
    RawTls c(port);
    REQUIRE(c.connected());
    const auto t0 = SteadyClock::now();
    bool cut = false;
    for (int i = 0; i < 40 && !cut; ++i) {  // 4 s at most
      cut = !c.send("X") || (c.readable(100) && c.read_answer(100).empty());
    }
    CHECK(cut);
    CHECK(seconds_since(t0) < 2);
  }
  SECTION("a body trickled slower than the request deadline") {
    RawTls c(port);
    REQUIRE(c.connected());
    REQUIRE(c.send(post_head("/v1/pull", "Content-Length: 100\r\n")));
    const auto t0 = SteadyClock::now();
    bool cut = false;
    for (int i = 0; i < 40 && !cut; ++i) {
      cut = !c.send("{") || (c.readable(100) && c.read_answer(100).empty());
    }
    CHECK(cut);
    CHECK(seconds_since(t0) < 2);
  }
  SECTION("a kept-alive connection left idle") {
    RawTls c(port);
    REQUIRE(c.connected());
    REQUIRE(c.send(post_head("/v1/pull", "Content-Length: 2\r\n") + "{}"));
    CHECK(RawTls::status_of(c.read_answer(3000)) == 200);
    const auto t0 = SteadyClock::now();
    CHECK(c.readable(3000));
    CHECK(c.read_answer(200).empty());  // EOF, not an answer
    CHECK(seconds_since(t0) < 2);
  }
  server.stop();
}

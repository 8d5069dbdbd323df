#include "sync/sync_engine.hpp"

#include <future>
#include <optional>

#include "util/error.hpp"

namespace doorstep::sync {
namespace {

std::int64_t meta_int(Store& store, std::string_view key) {
  const auto v = store.meta(key);
  if (!v || v->empty()) return 0;
  return std::stoll(*v);
}

std::string auth_value(const SyncCredentials& c) { return "Doorstep " + c.device_id + ":" + c.device_secret; }

}  // namespace

SyncCredentials load_credentials(Store& store) {
  SyncCredentials c;
  c.device_id = store.identity().device_id;
  c.device_secret = store.meta("sync.device_secret").value_or("");
  if (c.device_secret.empty())
    throw Error(ErrorCode::usage, "this device is not enrolled with an office: run `doorstep-cli enroll CODE`");
  return c;
}

void save_credentials(Store& store, const SyncCredentials& creds) {
  if (creds.device_id != store.identity().device_id)
    throw Error(ErrorCode::internal, "the credentials belong to another device");
  store.set_meta("sync.device_secret", creds.device_secret);
}

SyncEngine::SyncEngine(Store& store, Transport& transport, SyncCredentials creds, SyncOptions options)
    : m_store(store), m_transport(transport), m_creds(std::move(creds)), m_options(options) {
  if (m_options.push_batch < 1 || m_options.push_batch > static_cast<int>(kMaxPushLinks))
    throw Error(ErrorCode::usage, "push batch must be 1.." + std::to_string(kMaxPushLinks));
  if (m_options.pull_page < 1 || m_options.pull_page > kMaxPullLimit)
    throw Error(ErrorCode::usage, "pull page must be 1.." + std::to_string(kMaxPullLimit));
}

std::string SyncEngine::call(std::string_view path, const std::string& body, std::optional<std::int64_t>* gap_expected) {
  const TransportResponse res = m_transport.post(path, body, auth_value(m_creds));
  if (res.status == 200) return res.body;
  const auto err = decode_error_body(res.body);
  const std::string msg = err ? err->message : "HTTP " + std::to_string(res.status);
  const std::string code = err ? err->code : "";
  if (code == "revoked" || (err && err->wipe)) throw Error(ErrorCode::revoked, "the office revoked this device: " + msg);
  if (code == "gap" && gap_expected && err->expected_seq) {
    *gap_expected = err->expected_seq;
    return {};
  }
  if (code == "chain_broken") throw Error(ErrorCode::damaged, "the office refused this device's audit chain: " + msg);
  if (res.status == 401) throw Error(ErrorCode::unauthenticated, "the office did not accept this device: " + msg);
  if (res.status == 403) throw Error(ErrorCode::forbidden, "the office refused: " + msg);
  if (res.status >= 500 || res.status == 0 || res.status == 408 || res.status == 429)
    throw Error(ErrorCode::network, "the office could not answer (HTTP " + std::to_string(res.status) + "): " + msg);
  throw Error(ErrorCode::bad_input, "the office refused the request (HTTP " + std::to_string(res.status) + "): " + msg);
}

namespace {

// One batch of links to push, read from the store and already encoded.
struct PushBatch {
  std::vector<AuditLink> links;
  std::string body;
  bool empty() const { return links.empty(); }
};

PushBatch read_push_batch(Store& store, std::int64_t after_seq, int limit) {
  PushBatch b;
  b.links = store.audit_links(after_seq, limit);
  if (!b.links.empty()) b.body = encode_push_request(PushRequest{b.links});
  return b;
}

}  // namespace

// Batches are pipelined one deep: while the office works on a batch, the
// device reads and encodes the next; when the office acknowledges the whole
// batch, the next is sent at once and the acknowledgement is recorded while
// the office works on it. The office still sees one batch at a time, in
// order, and the next is sent only after the one before was acknowledged in
// full. If the device stops between sending a batch and recording the one
// before, the office answers the repeated links with their stored results
// (or a gap, which is repaired below), so nothing is lost or applied twice.
void SyncEngine::push(SyncReport& report) {
  int repairs = 0;
  const std::int64_t total = m_store.outbox_pending_count();
  std::int64_t done = 0;
  std::int64_t acked = meta_int(m_store, "sync.acked_seq");
  PushBatch batch = read_push_batch(m_store, acked, m_options.push_batch);
  std::optional<std::int64_t> expected;  // set by a call answered "gap"; read only after its future is ready
  const auto send = [this, &expected](const std::string& body) {
    return std::async(std::launch::async, [this, &expected, &body] {
      expected.reset();
      return call(kPushPath, body, &expected);
    });
  };
  std::future<std::string> in_flight;
  if (!batch.empty()) in_flight = send(batch.body);
  while (!batch.empty()) {
    PushBatch next = read_push_batch(m_store, batch.links.back().seq, m_options.push_batch);
    const std::string body = in_flight.get();
    if (expected) {
      // The office holds a different head than we think: resend from there.
      if (++repairs > m_options.max_gap_repairs || *expected < 1 || *expected > batch.links.back().seq + 1)
        throw Error(ErrorCode::damaged, "the office expects link " + std::to_string(*expected) +
                                            ", which this device cannot send");
      m_store.record_push_result(*expected - 1, {});
      acked = *expected - 1;
      batch = read_push_batch(m_store, acked, m_options.push_batch);
      if (!batch.empty()) in_flight = send(batch.body);
      continue;
    }
    const PushResponse res = decode_push_response(body);
    const auto& links = batch.links;
    if (res.acked_seq < links.front().seq - 1 || res.acked_seq > links.back().seq)
      throw Error(ErrorCode::bad_input, "the office acknowledged link " + std::to_string(res.acked_seq) +
                                            " outside the batch it was sent");
    if (res.acked_seq == acked) throw Error(ErrorCode::internal, "the office acknowledged nothing");
    std::vector<std::pair<std::int64_t, std::string>> rejected;
    for (const auto& r : res.results) {
      if (r.seq > res.acked_seq) continue;
      if (r.status == ChangeStatus::rejected) rejected.emplace_back(r.seq, r.reason);
      if (r.status == ChangeStatus::superseded) ++report.conflicts;
    }
    const bool whole = res.acked_seq == links.back().seq;
    if (whole) {
      batch = std::move(next);
      if (!batch.empty()) in_flight = send(batch.body);  // the office starts on it while this one is recorded
    }
    m_store.record_push_result(res.acked_seq, rejected);
    report.quarantined += static_cast<std::int64_t>(rejected.size());
    report.pushed += res.acked_seq - acked;
    done += res.acked_seq - acked;
    acked = res.acked_seq;
    if (m_progress) m_progress({"push", done, total});
    if (!whole) {  // the office took part of the batch: send the rest from what it took
      batch = read_push_batch(m_store, acked, m_options.push_batch);
      if (!batch.empty()) in_flight = send(batch.body);
    }
  }
}

// Pages are pipelined: as soon as a page arrives, the next one is asked
// for (and decoded) on another thread while this one applies the page, so
// the office's work and the device's overlap. The transport still serves
// one call at a time. Each request reports what the device held back as it
// stood before the page in hand was applied (one page late); if applying
// the last page changed that, one more request at the final cursor reports
// it, so the office ends up with the device's current list as before.
void SyncEngine::pull(SyncReport& report) {
  const auto held_now = [this] {
    std::vector<HeldReport> held;
    for (const auto& h : m_store.list_pull_held()) {
      if (held.size() == kMaxHeldReports) break;
      held.push_back({h.entity, h.id, h.crn, h.reason.substr(0, kMaxHeldReason), h.waiting});
    }
    return held;
  };
  const auto fetch = [this](PullRequest req) {
    return decode_pull_response(call(kPullPath, to_json(req).dump()));
  };
  // The next page's thread also frees the page applied before (its records'
  // trees are thousands of allocations), after it has decoded its own: that
  // work then stays off the applying thread, which sets the pace.
  const auto fetch_and_free = [&fetch](PullRequest req, std::vector<RemoteRecord> applied) {
    PullResponse page = fetch(std::move(req));
    applied.clear();
    return page;
  };
  std::vector<HeldReport> held = held_now();  // as it stands before the page in hand is applied
  std::vector<HeldReport> sent = held;         // what the latest request reported
  PullResponse res = fetch({m_store.meta("sync.pull_cursor").value_or(""), m_options.pull_page, sent});
  std::vector<RemoteRecord> applied;  // the page applied last, to be freed by the next fetch
  for (;;) {
    std::future<PullResponse> next;
    if (res.more) {
      sent = held;
      next = std::async(std::launch::async, fetch_and_free, PullRequest{res.cursor, m_options.pull_page, sent},
                        std::move(applied));
    }
    report.pulled += m_store.apply_remote_page(res.records, res.cursor);
    if (m_progress) m_progress({"pull", report.pulled, 0});
    held = held_now();
    if (!res.more) {
      if (held != sent) (void)fetch({res.cursor, m_options.pull_page, held});
      if (m_progress) m_progress({"purge", 0, 0});
      auto purged = m_store.purge_cases_outside(res.caseload);
      report.purged.insert(report.purged.end(), purged.begin(), purged.end());
      break;
    }
    applied = std::move(res.records);
    res = next.get();
  }
}

SyncReport SyncEngine::run() {
  SyncReport report;
  push(report);
  pull(report);
  report.pending = m_store.outbox_pending_count();
  report.held = static_cast<std::int64_t>(m_store.list_pull_held().size());
  return report;
}

}  // namespace doorstep::sync

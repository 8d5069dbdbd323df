#pragma once
// The device side of sync: push the audit chain's unacknowledged links in
// batches, then pull the caseload's changes page by page, then purge cases
// reassigned away. Runs on the caller's thread (the field app runs it on its
// sync worker); progress is reported through a callback.
//
// Resumable by construction: every step commits its progress in the store
// (acknowledged sequence, pull cursor) before the next request, and every
// request is safe to repeat, so after any failure run() again continues
// where it stopped.
//
// Errors: Error(network) when the office cannot be reached (retry later);
// Error(revoked) when the office revoked this device (the caller must wipe
// the store folder); Error(damaged) when the office refuses the audit chain;
// Error(unauthenticated) for bad credentials.
#include <functional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "sync/protocol.hpp"
#include "sync/transport.hpp"

namespace doorstep::sync {

struct SyncCredentials {
  std::string device_id;
  std::string device_secret;
};

struct SyncOptions {
  int push_batch = 200;  // links per push (<= kMaxPushLinks)
  int pull_page = 500;   // records per pull page (<= kMaxPullLimit)
  int max_gap_repairs = 3;
};

struct SyncProgress {
  std::string phase;  // push, pull, purge
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0 when unknown
};

struct SyncReport {
  std::int64_t pushed = 0;       // changes the office acknowledged this run
  std::int64_t pulled = 0;       // records applied from the office
  std::int64_t conflicts = 0;    // superseded changes this run
  std::int64_t quarantined = 0;  // rejected changes this run
  std::int64_t held = 0;         // pulled records held back after the run (see Store::list_pull_held)
  std::vector<std::string> purged;  // CRNs removed from the device
  std::int64_t pending = 0;         // outbox entries still unsent after the run
};

// The credentials and office address the device keeps in its store meta.
SyncCredentials load_credentials(Store& store);
void save_credentials(Store& store, const SyncCredentials& creds);

class SyncEngine {
 public:
  SyncEngine(Store& store, Transport& transport, SyncCredentials creds, SyncOptions options = {});
  void on_progress(std::function<void(const SyncProgress&)> fn) { m_progress = std::move(fn); }

  SyncReport run();
  // The two halves, for tests and for a push-only sync.
  void push(SyncReport& report);
  void pull(SyncReport& report);

 private:
  // Posts and returns the 200 body; maps error bodies to Error (gap: returns
  // nullopt with `expected_seq` set).
  std::string call(std::string_view path, const std::string& body, std::optional<std::int64_t>* gap_expected = nullptr);

  Store& m_store;
  Transport& m_transport;
  SyncCredentials m_creds;
  SyncOptions m_options;
  std::function<void(const SyncProgress&)> m_progress;
};

}  // namespace doorstep::sync

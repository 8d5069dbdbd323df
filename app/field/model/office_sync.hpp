#pragma once
// Sync with the office from the field app, off the UI thread: the real
// SyncJob, and enrollment (redeem the code, create the store) as a
// background task. Both reach the office through a TransportFactory that
// the app injects (main.cpp: pinned HTTPS from platform/net; tests: the
// same against an in-process office).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "crypto/kdf_params.hpp"
#include "crypto/secure_key.hpp"
#include "device/store_folder.hpp"
#include "model/sync_worker.hpp"
#include "sync/enrollment.hpp"
#include "sync/sync_engine.hpp"
#include "sync/transport.hpp"
#include "util/clock.hpp"

namespace doorstep::field {

// A transport pinned to `office`. Called on a worker thread.
using TransportFactory = std::function<std::unique_ptr<sync::Transport>(const sync::OfficeEndpoint& office)>;

// One sync run against the office. Made on the main thread with a copy of
// the unlocked session's DEK (see keyed_store.hpp); run() on the worker
// thread opens its own Store connection with it, destroys the copy, reads
// the office address and credentials from the store, and runs the
// SyncEngine (which commits per batch, so the UI thread's writes wait at
// most one batch in WAL mode). The connection closes before run() returns,
// so when the app sees `finished` it may wipe the folder.
// Result: ok; revoked (Error(revoked): the app must wipe); otherwise a
// message for the officer (network errors say the records are safe here).
class OfficeSyncJob final : public SyncJob {
 public:
  // `worker_clock` must be safe to read from the worker thread (SystemClock).
  OfficeSyncJob(StoreFolder folder, SecureKey key, const Clock& worker_clock, TransportFactory make_transport,
                sync::SyncOptions options = {});
  SyncResult run(const std::function<void(const SyncProgressInfo&)>& progress) override;

 private:
  StoreFolder m_folder;
  SecureKey m_key;
  const Clock& m_clock;
  TransportFactory m_make_transport;
  sync::SyncOptions m_options;
};

// The officer-facing sentence for a failed sync or enrollment.
std::string describe_office_error(const std::exception& e);

// Enrollment in the background: parse the code (on the caller's thread, so
// a mistyped code is reported at once), then on a thread redeem it at the
// office, create the store in `folder` with the passphrase and save the
// enrollment (sync::enroll, as `doorstep-cli enroll` does). The new store is
// closed on that thread; the main thread gets the DEK and opens its own
// connection (Store objects never cross threads).
struct EnrollmentOutcome {
  bool ok = false;
  std::string message;  // on failure, for the officer
  SecureKey key;        // on success: the new store's DEK
  sync::OfficerInfo officer;
};

class EnrollmentTask {
 public:
  explicit EnrollmentTask(std::function<void()> wake) : m_wake(std::move(wake)) {}
  ~EnrollmentTask();  // waits for a running enrollment
  EnrollmentTask(const EnrollmentTask&) = delete;
  EnrollmentTask& operator=(const EnrollmentTask&) = delete;

  // Error(bad_input) for a malformed code; Error(usage) while one runs.
  // The task wipes its copy of the passphrase when done. The store is
  // stamped with the system clock (thread-safe).
  void start(const std::string& code_text, const std::string& passphrase, std::string label, KdfParams kdf,
             StoreFolder folder, TransportFactory make_transport);
  [[nodiscard]] bool busy() const { return m_busy; }
  // Main thread: the outcome once the task finished (once).
  std::optional<EnrollmentOutcome> take();

 private:
  std::function<void()> m_wake;
  std::mutex m_mutex;
  std::optional<EnrollmentOutcome> m_outcome;  // guarded by m_mutex
  bool m_busy = false;                          // main thread only
  std::jthread m_thread;
};

}  // namespace doorstep::field

#pragma once
// Sync off the UI thread. The main thread starts a job; the job runs on a
// worker thread and posts progress and its result to a queue; the main
// thread drains the queue once per frame. The worker never touches the UI or
// the UI's Store (a Store is used from one thread at a time): a job brings
// whatever it needs (its own store connection, its transport).
//
// Ordering: events are drained in the order they were posted; a job's
// `finished` event is always its last. `wake` is called on the worker thread
// after each post, so an idle main loop (SDL_WaitEventTimeout) wakes up.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace doorstep::field {

struct SyncProgressInfo {
  std::string phase;  // push, pull, purge
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0 when unknown
};

struct SyncResult {
  bool ok = false;
  std::string message;  // what happened, for the officer
  std::int64_t pushed = 0;
  std::int64_t pulled = 0;
  std::int64_t conflicts = 0;
  std::int64_t quarantined = 0;
  bool revoked = false;  // the office revoked this device: the app must wipe
};

// One sync run. run() is called once, on the worker thread; it must not
// throw (it reports failures in SyncResult).
class SyncJob {
 public:
  virtual ~SyncJob() = default;
  virtual SyncResult run(const std::function<void(const SyncProgressInfo&)>& progress) = 0;
};

struct SyncEvent {
  enum class Kind { progress, finished };
  Kind kind = Kind::progress;
  SyncProgressInfo progress;
  SyncResult result;
};

class SyncWorker {
 public:
  explicit SyncWorker(std::function<void()> wake) : m_wake(std::move(wake)) {}
  ~SyncWorker();  // waits for a running job to finish
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Starts `job`; false (and nothing started) if a job is still running.
  bool start(std::unique_ptr<SyncJob> job);
  // A job started and its `finished` event not drained yet.
  [[nodiscard]] bool busy() const { return m_busy; }
  // Main thread: the events posted since the last drain, oldest first.
  std::vector<SyncEvent> drain();

 private:
  void post(SyncEvent event);

  std::function<void()> m_wake;
  std::mutex m_mutex;
  std::vector<SyncEvent> m_events;  // guarded by m_mutex
  bool m_busy = false;              // main thread only
  std::jthread m_thread;
};

}  // namespace doorstep::field

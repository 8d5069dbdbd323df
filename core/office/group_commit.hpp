#pragma once
// Group commit: callers on several threads hand in jobs; one of them (the
// leader) runs every job waiting at that moment as one batch, typically in
// one transaction with one durable commit, while the others wait. When a
// batch ends, the leader wakes its callers; if jobs arrived meanwhile, one
// of their callers leads the next batch. A caller alone runs its job at
// once (a batch of one), so nothing waits for company.
//
// Contract: submit() returns only after a batch holding the job has run.
// `run_batch(std::span<Job* const>)` must not throw: it records each job's
// outcome in the job itself. At most `max_batch` jobs run in one batch.
// Thread-safe; the job lives on its caller's stack until submit() returns.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

namespace doorstep::office {

template <class Job>
class GroupCommit {
 public:
  explicit GroupCommit(std::size_t max_batch) : m_max_batch(std::max<std::size_t>(1, max_batch)) {}

  template <class RunBatch>
  void submit(Job& job, RunBatch&& run_batch) {
    Slot mine{&job};
    std::unique_lock lock(m_mutex);
    m_waiting.push_back(&mine);
    for (;;) {
      m_changed.wait(lock, [&] { return mine.done || !m_leading; });
      if (mine.done) return;
      m_leading = true;
      std::vector<Slot*> batch;
      while (!m_waiting.empty() && batch.size() < m_max_batch) {
        batch.push_back(m_waiting.front());
        m_waiting.pop_front();
      }
      std::vector<Job*> jobs;
      jobs.reserve(batch.size());
      for (Slot* s : batch) jobs.push_back(s->job);
      lock.unlock();
      run_batch(std::span<Job* const>(jobs));
      lock.lock();
      for (Slot* s : batch) s->done = true;
      m_leading = false;
      m_changed.notify_all();
    }
  }

 private:
  struct Slot {
    Job* job;
    bool done = false;
  };
  const std::size_t m_max_batch;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Slot*> m_waiting;  // FIFO: the oldest jobs go first
  bool m_leading = false;
};

}  // namespace doorstep::office

#include "model/sync_worker.hpp"

namespace doorstep::field {

SyncWorker::~SyncWorker() {
  if (m_thread.joinable()) m_thread.join();
}

bool SyncWorker::start(std::unique_ptr<SyncJob> job) {
  if (m_busy) return false;
  if (m_thread.joinable()) m_thread.join();  // the previous job has posted `finished`: it is ending
  m_busy = true;
  m_thread = std::jthread([this, job = std::move(job)] {
    SyncEvent done;
    done.kind = SyncEvent::Kind::finished;
    try {
      done.result = job->run([this](const SyncProgressInfo& p) { post(SyncEvent{SyncEvent::Kind::progress, p, {}}); });
    } catch (const std::exception& e) {
      done.result.ok = false;
      done.result.message = e.what();
    }
    post(std::move(done));
  });
  return true;
}

void SyncWorker::post(SyncEvent event) {
  {
    const std::lock_guard lock(m_mutex);
    m_events.push_back(std::move(event));
  }
  if (m_wake) m_wake();
}

std::vector<SyncEvent> SyncWorker::drain() {
  std::vector<SyncEvent> out;
  {
    const std::lock_guard lock(m_mutex);
    out.swap(m_events);
  }
  for (const auto& e : out) {
    if (e.kind == SyncEvent::Kind::finished) m_busy = false;
  }
  return out;
}

}  // namespace doorstep::field

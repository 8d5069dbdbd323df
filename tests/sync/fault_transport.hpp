#pragma once
// A sync::Transport that misbehaves on purpose, deterministically from a
// seed: drops requests or responses, duplicates, replays an older request
// first (reorder), delays, cuts a body mid-batch, restarts the server.
#include <chrono>
#include <functional>
#include <random>
#include <thread>

#include "sync/transport.hpp"
#include "util/error.hpp"

namespace doorstep::test {

struct FaultCounts {
  int drop_request = 0, drop_response = 0, duplicate = 0, reorder = 0, delay = 0, cut = 0, restart = 0, clean = 0;
};

class FaultTransport final : public sync::Transport {
 public:
  // `inner` returns the current real transport (it changes after a restart);
  // `restart` restarts the server. `fault_percent` of calls misbehave.
  FaultTransport(std::uint64_t seed, std::function<sync::Transport&()> inner, std::function<void()> restart,
                 int fault_percent = 35)
      : m_rng(seed), m_inner(std::move(inner)), m_restart(std::move(restart)), m_fault_percent(fault_percent) {}

  void set_enabled(bool on) { m_enabled = on; }
  [[nodiscard]] const FaultCounts& counts() const { return m_counts; }

  sync::TransportResponse post(std::string_view path, const std::string& body, const std::string& auth) override {
    const bool fault = m_enabled && static_cast<int>(m_rng() % 100) < m_fault_percent;
    const std::string stale_path = m_last_path, stale_body = m_last_body;
    m_last_path = std::string(path);
    m_last_body = body;
    if (!fault) {
      ++m_counts.clean;
      return m_inner().post(path, body, auth);
    }
    switch (m_rng() % 7) {
      case 0:
        ++m_counts.drop_request;
        throw Error(ErrorCode::network, "fault: request dropped");
      case 1:
        ++m_counts.drop_response;
        (void)m_inner().post(path, body, auth);
        throw Error(ErrorCode::network, "fault: response dropped");
      case 2:
        ++m_counts.duplicate;
        (void)m_inner().post(path, body, auth);
        return m_inner().post(path, body, auth);
      case 3:
        ++m_counts.reorder;
        if (!stale_path.empty()) (void)m_inner().post(stale_path, stale_body, auth);
        return m_inner().post(path, body, auth);
      case 4:
        ++m_counts.delay;
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + m_rng() % 3));
        return m_inner().post(path, body, auth);
      case 5: {
        ++m_counts.cut;
        // The connection dies mid-body: the office sees half a request.
        (void)m_inner().post(path, body.substr(0, body.size() / 2), auth);
        throw Error(ErrorCode::network, "fault: connection cut mid-batch");
      }
      default:
        ++m_counts.restart;
        m_restart();
        return m_inner().post(path, body, auth);
    }
  }

 private:
  std::mt19937_64 m_rng;
  std::function<sync::Transport&()> m_inner;
  std::function<void()> m_restart;
  int m_fault_percent;
  bool m_enabled = true;
  std::string m_last_path, m_last_body;
  FaultCounts m_counts;
};

}  // namespace doorstep::test

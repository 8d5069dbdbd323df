#pragma once
// Follow-ups across the caseload, urgent and overdue first: mark one done
// with its outcome or dismiss it with a reason. A csc / police check
// follow-up is done by recording the check with its result
// (Casework::complete_with_check). All go through the store (outbox +
// audit) like every other change, and the case's standing rules run after.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class FollowUpsScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset();

 private:
  void load(App& app);

  std::uint64_t m_loaded_generation = 0;
  std::vector<Action> m_actions;
  std::vector<std::string> m_names;  // case name per action
  std::string m_editing;             // action id with its form open
  bool m_dismissing = false;
  std::string m_text;                // outcome or reason being typed
  std::optional<CheckResult> m_result;  // closing a check follow-up: the result chosen
  bool m_awaiting = false;              // ... or "requested, awaiting reply"
  std::string m_error;
};

}  // namespace doorstep::field

#pragma once
// Follow-ups across the caseload, urgent and overdue first: mark one done
// with its outcome (e.g. the CSC check result) or dismiss it with a reason.
// Both go through the store (outbox + audit) like every other change.
#include <cstdint>
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
  std::string m_error;
};

}  // namespace doorstep::field

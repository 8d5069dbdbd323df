#pragma once
// Manager oversight: the open "management oversight" follow-ups the rules
// raised (high / very high RoSH, child protection, significant changes),
// each with its reasons and the whole visit it is about (every answer, the
// people present, the notes, the follow-ups: casework/visit_lookup.hpp),
// and a link to the case. The manager countersigns with a comment, or
// sends the work back with a reason (Store::send_back_oversight: the
// officer gets a follow-up carrying it; this stays open).
//
// Countersigning completes the manager_oversight action with the outcome
// "countersigned: <comment>" (Store::complete_action). We chose this over a
// compliance note because the action is the thing the rules raised and the
// office tracks: completing it closes the loop (it leaves the list, the
// office sees it done), and it carries who and when through the outbox and
// the audit chain like any change. A note would leave the action open.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class ManagerScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset();

 private:
  std::uint64_t m_loaded_generation = 0;
  std::vector<Action> m_actions;
  std::map<std::string, std::string> m_names;
  std::map<std::string, std::string> m_comments;  // action id -> comment being typed
  std::map<std::string, std::string> m_reasons;   // action id -> send-back reason being typed
  std::map<std::string, std::string> m_visits;    // action id -> the whole visit (Markdown)
  std::string m_error;
};

}  // namespace doorstep::field

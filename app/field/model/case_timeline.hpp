#pragma once
// The case screen's timeline: visits, checks, notes (amendments to visits
// among them: "Visit amended") and follow-up actions of
// one case, newest first, as display lines. Plain C++ over the core (no
// ImGui), built when the case opens or the store changes, never per frame.
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep::field {

// What a follow-up action asks for, in words ("Children's social care check").
const char* action_title(ActionKind kind);

enum class TimelineKind { visit, note, action, check };

struct TimelineEntry {
  UtcMillis at = 0;  // ordering key; visits and checks: the end of their day (UTC)
  std::string when;  // "4 Mar 2026" for dated records, "2026-03-04T10:15" for timestamped ones
  std::string title;
  std::string text;  // one line (newlines in notes become spaces)
  TimelineKind kind = TimelineKind::visit;
};

// Newest first; entries with the same `at` keep the order visits, checks,
// notes, actions, each in the order given.
std::vector<TimelineEntry> build_case_timeline(std::span<const Visit> visits, std::span<const Check> checks,
                                               std::span<const Note> notes, std::span<const Action> actions);

}  // namespace doorstep::field

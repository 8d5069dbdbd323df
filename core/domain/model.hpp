#pragma once
// The domain model in the shared vocabulary (../shared/domain/). Plain
// values: no storage, no I/O. Lists keep the order they were given in.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/enums.hpp"
#include "util/date.hpp"
#include "util/hlc.hpp"

namespace doorstep {

// Limits on a person as devices send them (checked by domain/person_rules.hpp
// and the JSON reader): every device input is hostile.
inline constexpr std::size_t kMaxPersonName = 200;      // bytes
inline constexpr std::size_t kMaxPersonAddress = 500;   // bytes
inline constexpr std::size_t kMaxPeopleInList = 100;    // a household, victims, people present
inline constexpr int kMaxPersonAge = 120;

struct Person {
  std::string name;
  Relationship relationship = Relationship::other_adult;
  std::optional<int> age;
  std::optional<bool> lives_at_address;
  bool protected_by_restriction = false;  // a restraining order or no-contact condition protects them
  bool known_to_vlo = false;
  // Recorded at the door (people met at a visit); absent for imported people.
  std::optional<Date> date_of_birth{};
  std::optional<Residence> residence{};
  std::optional<std::string> address_elsewhere{};  // where they live, when not at the case's address

  // Under 18, or a child relationship: counts as "children involved".
  [[nodiscard]] bool is_child() const;
  bool operator==(const Person&) const = default;
};

// An inter-agency check (children's social care, police DA callouts), as
// the case sees it: the request merged with its latest reply, if any.
// Neither an outcome nor a result means it was requested and no answer is
// recorded yet ("awaiting reply").
struct Check {
  CheckKind kind = CheckKind::csc_check;
  Date date;       // the day it was requested (or made, when answered at once)
  std::optional<std::string> outcome;  // free text
  std::optional<CheckResult> result;   // coded answer
  std::optional<Date> replied_on;      // the day a later reply was recorded; none: answered on `date` or not yet
  std::string id;  // stable id in the store; empty for checks given with an imported case or a scenario

  // An outcome (non-empty) or a result is recorded.
  [[nodiscard]] bool answered() const { return result.has_value() || (outcome && !outcome->empty()); }
  // The day the answer was recorded: the reply's day, else `date`. Meaningful when answered().
  [[nodiscard]] Date answered_on() const { return replied_on.value_or(date); }
  bool operator==(const Check&) const = default;
};

// "Concerning result" (rules.md): known_open, callouts_found or concerns_shared.
bool is_concerning(CheckResult r);

struct Sentence {
  SentenceType type = SentenceType::community_order;
  Date start;
  std::optional<Date> end;
  std::vector<Requirement> requirements;
  bool operator==(const Sentence&) const = default;
};

// A case: the person supervised and the facts that drive the rules.
struct Case {
  std::string crn;  // one capital letter and six digits
  std::string name;
  std::optional<Date> date_of_birth;
  std::string address;
  Rosh rosh = Rosh::low;
  MappaLevel mappa_level = MappaLevel::none;
  bool mappa_eligible = false;
  ChildProtection child_protection = ChildProtection::none;
  std::optional<Date> cp_next_meeting;
  bool cp_report_sent = false;
  bool domestic_abuse_perpetrator = false;
  Sentence sentence;
  std::vector<Person> household;
  std::vector<Person> victims;
  std::vector<Restriction> restrictions;
  std::vector<std::string> alerts;
  std::vector<Check> checks;
  std::optional<Date> last_purposeful_home_visit;
  std::optional<Date> rosh_reviewed;  // the last RoSH assessment or review

  bool operator==(const Case&) const = default;
};

// A note typed at the door, before it is stored (no id yet).
struct NoteDraft {
  NoteCategory category = NoteCategory::general;
  std::optional<Severity> severity;
  std::string text;
  bool operator==(const NoteDraft&) const = default;
};

// Checklist answers keyed by fact id (see domain/facts.hpp). A fact not
// present is unknown. Values are JSON: "yes"/"no"/"unknown", a choice id,
// a list of choice ids, text, a number, a date string, or a person list.
using Answers = std::map<std::string, nlohmann::json>;

struct Visit {
  std::string id;   // UUIDv7; empty until stored
  std::string crn;  // filled by the store from the case it is recorded on
  Date date;
  std::optional<VisitKind> kind;
  VisitOutcome outcome = VisitOutcome::completed;
  Answers answers;
  std::vector<Person> people_present;
  std::vector<NoteDraft> notes;
  std::string template_id;       // checklist template the answers follow
  int template_version = 0;

  bool operator==(const Visit&) const = default;
};

// A stored note. Insert-only: an amendment or retraction is a new Note whose
// `refers_to` names the original. An amendment to a finished visit is an
// amendment with `visit_id` and no `refers_to`: its reason says why, its
// text and/or `corrected_answers` say what it corrects (fact -> the right
// value); the visit itself never changes.
struct Note {
  std::string id;
  std::string crn;
  std::optional<std::string> visit_id;
  NoteKind kind = NoteKind::entry;
  std::optional<std::string> refers_to;
  NoteCategory category = NoteCategory::general;
  std::optional<Severity> severity;
  std::string text;
  std::optional<std::string> reason;  // for retractions and visit amendments (optional on note amendments)
  Answers corrected_answers{};        // a visit amendment's corrected answers; empty otherwise
  std::string author;                 // officer id
  std::string device;                 // device id
  UtcMillis created_at = 0;
  HlcValue hlc = 0;
};

// What a rule raises, before it is stored.
struct RaisedAction {
  ActionKind kind = ActionKind::home_visit;
  Priority priority = Priority::normal;
  Date due;
  std::string rule;    // e.g. "R5a"
  std::string reason;  // a sentence an officer can read
  bool operator==(const RaisedAction&) const = default;
};

// A stored follow-up action.
struct Action {
  std::string id;
  std::string crn;
  ActionKind kind = ActionKind::home_visit;
  Priority priority = Priority::normal;
  Date due;
  std::string rule;
  std::vector<std::string> reasons;  // first raise first; a re-raise appends
  ActionStatus status = ActionStatus::open;
  std::optional<std::string> outcome;         // when done
  std::optional<std::string> dismiss_reason;  // when dismissed
  std::optional<std::string> visit_id;        // the visit that raised it, if any
  UtcMillis created_at = 0;
  HlcValue hlc = 0;
};

bool is_valid_crn(std::string_view crn);

// The check a follow-up of `kind` is closed by recording (csc_check,
// police_da_check); nullopt for every other kind.
std::optional<CheckKind> check_kind_for(ActionKind kind);

// "Children involved" (rules.md): the case lists a child in its household or
// among its victims, or the visit recorded children_present,
// new_child_contact or partner_pregnant.
bool children_involved(const Case& c, const Visit* visit);
// "Elevated": RoSH high / very high, or child protection status not none.
bool is_elevated(const Case& c);

}  // namespace doorstep

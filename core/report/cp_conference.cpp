// The children-first report for a child protection conference.
#include <algorithm>
#include <cctype>

#include "report/case_report.hpp"
#include "report/report_blocks.hpp"

namespace doorstep {
namespace {

using report::Block;
using report::BlockKind;
using report::Blocks;
using report::person_line;
using report::words;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

struct Sighting {
  const Visit* visit = nullptr;
  bool named = false;  // named among the people present (else: "children seen" answered yes)
};

// A child on the case, or one met at a visit.
struct ChildRow {
  Person person;
  bool on_case = false;
  std::optional<Sighting> last_seen;
};

// Answers whose "yes" is a concern for the conference.
constexpr std::string_view kConcernFacts[] = {
    "child_welfare_concern", "signs_of_domestic_abuse", "restriction_breach_suspected", "victim_present",
    "home_conditions_concern", "mental_health_deterioration", "officer_safety_concern", "new_relationship",
    "new_child_contact", "partner_pregnant"};
// Questions about children whose "not known" is itself a concern (R17).
constexpr std::string_view kChildrenFacts[] = {"children_present", "new_child_contact", "new_relationship",
                                               "children_seen"};

}  // namespace

namespace {

Blocks conference_blocks(const CaseReportInput& in) {
  const Case& c = in.kase;
  Blocks b;
  auto add = [&](BlockKind k, std::string text) { b.push_back(Block{k, std::move(text)}); };
  add(BlockKind::title, "Child protection conference report: " + c.name + " (" + c.crn + ")");
  add(BlockKind::paragraph, "Generated " + format_utc(in.generated_at) + " by " + in.generated_by +
                                ". OFFICIAL-SENSITIVE. Child protection status: " + words(to_string(c.child_protection)) +
                                (c.cp_next_meeting ? "; next meeting " + c.cp_next_meeting->to_string() : "") +
                                ". RoSH " + words(to_string(c.rosh)) + ".");

  // Visits newest first, so the first sighting found is the latest.
  std::vector<const Visit*> visits;
  for (const auto& v : in.visits) visits.push_back(&v);
  std::sort(visits.begin(), visits.end(), [](const Visit* x, const Visit* y) {
    if (x->date != y->date) return x->date > y->date;
    return x->id > y->id;
  });

  std::vector<ChildRow> children;
  auto find_child = [&](const std::string& name) -> ChildRow* {
    for (auto& ch : children) {
      if (lower(ch.person.name) == lower(name)) return &ch;
    }
    return nullptr;
  };
  for (const auto* list : {&c.household, &c.victims}) {
    for (const auto& p : *list) {
      if (p.is_child() && !find_child(p.name)) children.push_back(ChildRow{p, true, std::nullopt});
    }
  }
  // Children met at visits who are not on the case.
  for (const auto* v : visits) {
    for (const auto& p : people_present(*v)) {
      if (p.is_child() && !find_child(p.name)) children.push_back(ChildRow{p, false, std::nullopt});
    }
  }
  for (auto& ch : children) {
    for (const auto* v : visits) {
      if (v->outcome != VisitOutcome::completed) continue;
      const auto present = people_present(*v);
      const bool named = std::any_of(present.begin(), present.end(),
                                     [&](const Person& p) { return lower(p.name) == lower(ch.person.name); });
      auto seen = v->answers.find("children_seen");
      const bool lives_here = ch.on_case && ch.person.lives_at_address.value_or(true);
      const bool seen_yes = lives_here && seen != v->answers.end() && seen->second == "yes";
      if (named || seen_yes) {
        ch.last_seen = Sighting{v, named};
        break;
      }
    }
  }

  add(BlockKind::heading, "Children");
  if (children.empty()) add(BlockKind::paragraph, "No child is recorded on the case or at any visit.");
  for (const auto& ch : children) {
    std::string line = person_line(ch.person);
    if (!ch.on_case) line += ", met at a visit, not recorded on the case";
    add(BlockKind::item, line);
    if (!ch.last_seen) {
      add(BlockKind::sub_item, "NOT SEEN at any recorded visit");
      continue;
    }
    const Visit& v = *ch.last_seen->visit;
    std::string seen = "Last seen " + v.date.to_string();
    if (in.today.days() >= v.date.days()) seen += " (" + std::to_string(in.today.days() - v.date.days()) + " days ago)";
    seen += " at a " + (v.kind ? words(to_string(*v.kind)) + " " : std::string()) + "home visit";
    if (auto it = in.visit_officers.find(v.id); it != in.visit_officers.end()) seen += " by " + it->second;
    seen += ch.last_seen->named ? " (named among the people present)" : " (\"children seen\" answered yes)";
    add(BlockKind::sub_item, seen);
  }

  add(BlockKind::heading, "Who lives at the address");
  bool any_resident = false;
  for (const auto& p : c.household) {
    if (p.lives_at_address.value_or(true)) {
      add(BlockKind::item, person_line(p));
      any_resident = true;
    }
  }
  if (!any_resident) add(BlockKind::paragraph, "Nobody else recorded.");
  add(BlockKind::heading, "Who visits");
  bool any_visitor = false;
  for (const auto& p : c.household) {
    if (p.lives_at_address == false) {
      add(BlockKind::item, person_line(p) + " (on the case)");
      any_visitor = true;
    }
  }
  for (const auto* v : visits) {
    for (const auto& p : people_present(*v)) {
      const bool on_case = std::any_of(c.household.begin(), c.household.end(),
                                       [&](const Person& q) { return lower(q.name) == lower(p.name); });
      if (on_case) continue;
      add(BlockKind::item, person_line(p) + ", present at the visit on " + v->date.to_string());
      any_visitor = true;
    }
  }
  if (!any_visitor) add(BlockKind::paragraph, "Nobody recorded.");

  add(BlockKind::heading, "Checks and results");
  if (c.checks.empty()) add(BlockKind::paragraph, "None recorded.");
  for (const auto& k : c.checks) add(BlockKind::item, report::check_text(k));

  add(BlockKind::heading, "Concerns");
  bool any_concern = false;
  for (const auto& a : c.alerts) {
    add(BlockKind::strong_item, a);
    any_concern = true;
  }
  for (const auto* v : visits) {
    for (const auto& ra : report_answers(*v, in.questions)) {
      const auto& value = v->answers.at(ra.fact);
      const bool concern_yes =
          std::find(std::begin(kConcernFacts), std::end(kConcernFacts), ra.fact) != std::end(kConcernFacts) &&
          value == "yes";
      const bool more_substances = ra.fact == "substance_misuse_increase" && value.is_string() && value != "no" &&
                                   value != "unknown";
      const bool children_unknown =
          std::find(std::begin(kChildrenFacts), std::end(kChildrenFacts), ra.fact) != std::end(kChildrenFacts) &&
          value == "unknown";
      if (concern_yes || more_substances || children_unknown) {
        add(BlockKind::item, v->date.to_string() + " visit: " + ra.question + ": " + ra.answer);
        any_concern = true;
      }
    }
  }
  std::vector<std::string> retracted;
  for (const auto& n : in.notes) {
    if (n.kind == NoteKind::retraction && n.refers_to) retracted.push_back(*n.refers_to);
  }
  for (const auto& n : in.notes) {
    if (n.kind != NoteKind::entry) continue;
    if (std::find(retracted.begin(), retracted.end(), n.id) != retracted.end()) continue;
    const bool serious = (n.severity && *n.severity != Severity::info) || n.category == NoteCategory::safeguarding ||
                         n.category == NoteCategory::domestic_abuse;
    if (!serious) continue;
    add(BlockKind::item, format_utc(n.created_at) + " note [" + words(to_string(n.category)) +
                             (n.severity ? ", " + std::string(to_string(*n.severity)) : "") + "] " + n.text + " (" +
                             n.author + ")");
    any_concern = true;
  }
  if (!any_concern) add(BlockKind::paragraph, "None recorded.");

  add(BlockKind::heading, "Open actions");
  bool any_open = false;
  for (const auto& a : in.actions) {
    if (a.status != ActionStatus::open) continue;
    add(BlockKind::item, words(to_string(a.kind)) + " (" + std::string(to_string(a.priority)) + ", due " +
                             a.due.to_string() + ", rule " + a.rule + "): " + (a.reasons.empty() ? "" : a.reasons.back()));
    any_open = true;
  }
  if (!any_open) add(BlockKind::paragraph, "None.");
  return b;
}

}  // namespace

std::string cp_conference_markdown(const CaseReportInput& in) { return report::render_markdown(conference_blocks(in)); }

std::string cp_conference_html(const CaseReportInput& in) {
  return report::render_html(conference_blocks(in),
                             "Child protection conference report: " + in.kase.name + " (" + in.kase.crn + ")");
}

}  // namespace doorstep

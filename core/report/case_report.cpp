#include "report/case_report.hpp"

#include <map>
#include <sstream>

#include "domain/json_codec.hpp"

namespace doorstep {
namespace {

std::string person_line(const Person& p) {
  std::string s = p.name + " (" + std::string(to_string(p.relationship));
  if (p.age) s += ", " + std::to_string(*p.age);
  s += ")";
  if (p.lives_at_address) s += *p.lives_at_address ? ", lives at the address" : ", lives elsewhere";
  if (p.protected_by_restriction) s += ", PROTECTED by a restriction";
  if (p.known_to_vlo) s += ", known to the VLO";
  return s;
}

// Escapes what would break a Markdown line: the text is evidence, so it is
// printed as typed, only made inert.
std::string inert(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "  \n  ";
    } else if (c == '*' || c == '_' || c == '`' || c == '#' || c == '|' || c == '<' || c == '>' || c == '[') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string case_report_markdown(const CaseReportInput& in) {
  const Case& c = in.kase;
  std::ostringstream md;
  md << "# Case report: " << inert(c.name) << " (" << c.crn << ")\n\n";
  md << "Generated " << format_utc(in.generated_at) << " by " << in.generated_by << ". OFFICIAL-SENSITIVE.\n\n";
  if (!c.alerts.empty()) {
    md << "## Alerts\n\n";
    for (const auto& a : c.alerts) md << "- **" << inert(a) << "**\n";
    md << "\n";
  }
  md << "## Facts\n\n";
  md << "| fact | value |\n|---|---|\n";
  md << "| RoSH | " << to_string(c.rosh) << " |\n";
  md << "| MAPPA | " << to_string(c.mappa_level) << (c.mappa_eligible ? " (eligible)" : "") << " |\n";
  md << "| Child protection | " << to_string(c.child_protection) << " |\n";
  md << "| DA perpetrator | " << (c.domestic_abuse_perpetrator ? "yes" : "no") << " |\n";
  md << "| Sentence | " << to_string(c.sentence.type) << " from " << c.sentence.start.to_string();
  if (c.sentence.end) md << " to " << c.sentence.end->to_string();
  md << " |\n";
  md << "| Last purposeful home visit | "
     << (c.last_purposeful_home_visit ? c.last_purposeful_home_visit->to_string() : "none recorded") << " |\n\n";
  if (!c.restrictions.empty()) {
    md << "Restrictions: ";
    for (std::size_t i = 0; i < c.restrictions.size(); ++i) md << (i ? ", " : "") << to_string(c.restrictions[i]);
    md << "\n\n";
  }
  auto people = [&](const char* title, const std::vector<Person>& list) {
    if (list.empty()) return;
    md << "## " << title << "\n\n";
    for (const auto& p : list) md << "- " << inert(person_line(p)) << "\n";
    md << "\n";
  };
  people("Household", c.household);
  people("Victims", c.victims);
  md << "## Inter-agency checks\n\n";
  if (c.checks.empty()) md << "None recorded.\n";
  for (const auto& k : c.checks)
    md << "- " << k.date.to_string() << " " << to_string(k.kind) << ": " << inert(k.outcome.value_or("(awaiting outcome)"))
       << "\n";
  md << "\n## Visits\n\n";
  if (in.visits.empty()) md << "None recorded.\n";
  for (const auto& v : in.visits) {
    md << "- " << v.date.to_string() << " " << (v.kind ? to_string(*v.kind) : "visit") << ", " << to_string(v.outcome);
    for (const auto& [fact, value] : v.answers) {
      if (value.is_string() && value.get<std::string>() != "no" && value.get<std::string>() != "unknown")
        md << "; " << fact << ": " << inert(value.get<std::string>());
    }
    md << "\n";
  }
  md << "\n## Notes\n\n";
  // Later rows that refer to a note are shown under it.
  std::map<std::string, std::vector<const Note*>> follow_ups;
  for (const auto& n : in.notes) {
    if (n.refers_to) follow_ups[*n.refers_to].push_back(&n);
  }
  if (in.notes.empty()) md << "None recorded.\n";
  for (const auto& n : in.notes) {
    if (n.kind != NoteKind::entry) continue;
    md << "- " << format_utc(n.created_at) << " [" << to_string(n.category);
    if (n.severity) md << ", " << to_string(*n.severity);
    md << "] " << inert(n.text) << " (" << n.author << ")\n";
    for (const Note* f : follow_ups[n.id]) {
      if (f->kind == NoteKind::amendment)
        md << "  - amended " << format_utc(f->created_at) << " by " << f->author << ": " << inert(f->text) << "\n";
      else
        md << "  - RETRACTED " << format_utc(f->created_at) << " by " << f->author << ": "
           << inert(f->reason.value_or("")) << "\n";
    }
  }
  md << "\n## Follow-up actions\n\n";
  if (in.actions.empty()) md << "None.\n";
  for (const auto& a : in.actions) {
    md << "- " << to_string(a.kind) << " (" << to_string(a.priority) << ", due " << a.due.to_string() << ", "
       << to_string(a.status) << ", rule " << a.rule << ")";
    if (a.outcome) md << ": outcome " << inert(*a.outcome);
    if (a.dismiss_reason) md << ": dismissed, " << inert(*a.dismiss_reason);
    md << "\n";
    for (const auto& r : a.reasons) md << "  - " << inert(r) << "\n";
  }
  return md.str();
}

nlohmann::json case_report_json(const CaseReportInput& in) {
  nlohmann::json j;
  j["generated_at"] = format_utc(in.generated_at);
  j["generated_by"] = in.generated_by;
  j["case"] = to_json(in.kase);
  j["visits"] = nlohmann::json::array();
  for (const auto& v : in.visits) j["visits"].push_back(to_json(v));
  j["notes"] = nlohmann::json::array();
  for (const auto& n : in.notes) j["notes"].push_back(to_json(n));
  j["actions"] = nlohmann::json::array();
  for (const auto& a : in.actions) j["actions"].push_back(to_json(a));
  return j;
}

}  // namespace doorstep

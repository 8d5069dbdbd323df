#include "report/case_report.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include "domain/facts.hpp"
#include "domain/json_codec.hpp"
#include "domain/json_reader.hpp"
#include "report/html_escape.hpp"
#include "report/national_codes.hpp"
#include "report/report_blocks.hpp"

namespace doorstep {
namespace report {
namespace {

// Escapes what would break a Markdown line: the text is evidence, so it is
// printed as typed, only made inert.
std::string inert(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "  \n  ";
    } else if (c == '*' || c == '_' || c == '`' || c == '#' || c == '|' || c == '<' || c == '>' || c == '[' ||
               c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string html_text(const std::string& text) {
  std::string out;
  for (char c : html_escape(text)) {
    if (c == '\n')
      out += "<br>";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string render_markdown(const Blocks& blocks) {
  std::string md;
  BlockKind prev = BlockKind::paragraph;
  bool first = true;
  for (const auto& b : blocks) {
    const bool list = b.kind == BlockKind::item || b.kind == BlockKind::sub_item || b.kind == BlockKind::strong_item;
    const bool prev_list =
        prev == BlockKind::item || prev == BlockKind::sub_item || prev == BlockKind::strong_item;
    if (!first && !(list && prev_list)) md += "\n";
    switch (b.kind) {
      case BlockKind::title: md += "# " + inert(b.text) + "\n"; break;
      case BlockKind::heading: md += "## " + inert(b.text) + "\n"; break;
      case BlockKind::paragraph: md += inert(b.text) + "\n"; break;
      case BlockKind::item: md += "- " + inert(b.text) + "\n"; break;
      case BlockKind::strong_item: md += "- **" + inert(b.text) + "**\n"; break;
      case BlockKind::sub_item: md += "  - " + inert(b.text) + "\n"; break;
    }
    prev = b.kind;
    first = false;
  }
  return md;
}

std::string render_html(const Blocks& blocks, const std::string& title) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
      "</title>\n<style>\n"
      "body { font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.4; color: #111; }\n"
      "h1 { font-size: 1.5em; border-bottom: 2px solid #111; }\n"
      "h2 { font-size: 1.15em; margin-top: 1.5em; border-bottom: 1px solid #999; }\n"
      "li.sub { margin-left: 2em; list-style: circle; }\n"
      "li.strong { font-weight: bold; }\n"
      "@media print {\n"
      "  @page { size: A4; margin: 18mm; }\n"
      "  body { max-width: none; margin: 0; font-size: 10.5pt; }\n"
      "  h2 { break-after: avoid; }\n"
      "  li { break-inside: avoid; }\n"
      "  .marking { position: running(marking); }\n"
      "}\n"
      "</style>\n</head>\n<body>\n";
  bool in_list = false;
  for (const auto& b : blocks) {
    const bool list = b.kind == BlockKind::item || b.kind == BlockKind::sub_item || b.kind == BlockKind::strong_item;
    if (list && !in_list) h += "<ul>\n";
    if (!list && in_list) h += "</ul>\n";
    in_list = list;
    switch (b.kind) {
      case BlockKind::title: h += "<h1>" + html_text(b.text) + "</h1>\n"; break;
      case BlockKind::heading: h += "<h2>" + html_text(b.text) + "</h2>\n"; break;
      case BlockKind::paragraph: h += "<p>" + html_text(b.text) + "</p>\n"; break;
      case BlockKind::item: h += "<li>" + html_text(b.text) + "</li>\n"; break;
      case BlockKind::strong_item: h += "<li class=\"strong\">" + html_text(b.text) + "</li>\n"; break;
      case BlockKind::sub_item: h += "<li class=\"sub\">" + html_text(b.text) + "</li>\n"; break;
    }
  }
  if (in_list) h += "</ul>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace report

namespace report {

std::string words(std::string_view id) {
  std::string s(id);
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string person_line(const Person& p) {
  std::string s = p.name + " (" + words(to_string(p.relationship));
  if (p.age) s += ", " + std::to_string(*p.age);
  s += ")";
  if (p.lives_at_address) s += *p.lives_at_address ? ", lives at the address" : ", lives elsewhere";
  if (p.protected_by_restriction) s += ", PROTECTED by a restriction";
  if (p.known_to_vlo) s += ", known to the VLO";
  return s;
}

}  // namespace report

namespace {

using report::Block;
using report::BlockKind;
using report::Blocks;
using report::check_text;
using report::person_line;
using report::words;

std::string answer_text(const nlohmann::json& value) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    return s == "unknown" ? "not known" : s;
  }
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return value.dump();
  if (value.is_array()) {
    if (value.empty()) return "none";
    std::string out;
    for (const auto& x : value) {
      if (!out.empty()) out += ", ";
      if (x.is_object() && x.contains("name") && x["name"].is_string()) {
        out += x["name"].get<std::string>();
        if (x.contains("relationship") && x["relationship"].is_string())
          out += " (" + words(x["relationship"].get<std::string>()) + ")";
      } else {
        out += answer_text(x);
      }
    }
    return out;
  }
  return value.dump();
}

}  // namespace

namespace report {

std::string check_text(const Check& k) {
  std::string s = k.date.to_string() + " " + words(to_string(k.kind)) + ": ";
  if (!k.answered()) return s + "requested, awaiting reply";
  s += "result " + (k.result ? words(to_string(*k.result)) : std::string("not coded"));
  if (k.outcome && !k.outcome->empty()) s += "; outcome: " + *k.outcome;
  if (k.replied_on) s += " (reply recorded " + k.replied_on->to_string() + ")";
  return s;
}

}  // namespace report

std::vector<ReportAnswer> report_answers(const Visit& v, const std::map<std::string, std::string>& questions) {
  std::vector<ReportAnswer> out;
  for (const auto& [fact, value] : v.answers) {
    ReportAnswer a;
    a.fact = fact;
    if (auto it = questions.find(fact); it != questions.end()) {
      a.question = it->second;
    } else if (const FactDef* def = find_visit_fact(fact)) {
      a.question = std::string(def->label);
    } else {
      a.question = fact;
    }
    a.answer = answer_text(value);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<Person> people_present(const Visit& v) {
  std::vector<Person> out = v.people_present;
  if (auto it = v.answers.find("people_present"); it != v.answers.end() && it->second.is_array()) {
    for (std::size_t i = 0; i < it->second.size(); ++i) {
      try {
        JsonReader r(it->second[i], "people_present[" + std::to_string(i) + "]");
        out.push_back(read_person(r));
      } catch (const std::exception&) {
        // validated when recorded; an entry that no longer parses is still in the answers list above
      }
    }
  }
  return out;
}

namespace {

Blocks case_blocks(const CaseReportInput& in) {
  const Case& c = in.kase;
  Blocks b;
  auto add = [&](BlockKind k, std::string text) { b.push_back(Block{k, std::move(text)}); };
  add(BlockKind::title, "Case report: " + c.name + " (" + c.crn + ")");
  add(BlockKind::paragraph, "Generated " + format_utc(in.generated_at) + " by " + in.generated_by + ". OFFICIAL-SENSITIVE.");
  if (!c.alerts.empty()) {
    add(BlockKind::heading, "Alerts");
    for (const auto& a : c.alerts) add(BlockKind::strong_item, a);
  }
  add(BlockKind::heading, "Facts");
  add(BlockKind::item, "RoSH: " + words(to_string(c.rosh)) +
                           (c.rosh_reviewed ? " (last reviewed " + c.rosh_reviewed->to_string() + ")" : ""));
  add(BlockKind::item, "MAPPA: " + words(to_string(c.mappa_level)) + (c.mappa_eligible ? " (eligible)" : ""));
  add(BlockKind::item, "Child protection: " + words(to_string(c.child_protection)));
  add(BlockKind::item, std::string("DA perpetrator: ") + (c.domestic_abuse_perpetrator ? "yes" : "no"));
  add(BlockKind::item, "Sentence: " + words(to_string(c.sentence.type)) + " from " + c.sentence.start.to_string() +
                           (c.sentence.end ? " to " + c.sentence.end->to_string() : ""));
  add(BlockKind::item, "Last purposeful home visit: " +
                           (c.last_purposeful_home_visit ? c.last_purposeful_home_visit->to_string() : "none recorded"));
  if (!c.restrictions.empty()) {
    std::string r;
    for (auto x : c.restrictions) r += (r.empty() ? "" : ", ") + words(to_string(x));
    add(BlockKind::item, "Restrictions: " + r);
  }
  auto people = [&](const char* title, const std::vector<Person>& list) {
    if (list.empty()) return;
    add(BlockKind::heading, title);
    for (const auto& p : list) add(BlockKind::item, person_line(p));
  };
  people("Household", c.household);
  people("Victims", c.victims);
  add(BlockKind::heading, "Inter-agency checks");
  if (c.checks.empty()) add(BlockKind::paragraph, "None recorded.");
  for (const auto& k : c.checks) add(BlockKind::item, check_text(k));

  add(BlockKind::heading, "Visits");
  if (in.visits.empty()) add(BlockKind::paragraph, "None recorded.");
  for (const auto& v : in.visits) {
    std::string head = v.date.to_string() + " " + (v.kind ? words(to_string(*v.kind)) : "visit") + ", " +
                       words(to_string(v.outcome));
    if (auto it = in.visit_officers.find(v.id); it != in.visit_officers.end()) head += ", by " + it->second;
    add(BlockKind::item, head);
    const auto present = people_present(v);
    std::string who;
    for (const auto& p : present) who += (who.empty() ? "" : "; ") + person_line(p);
    add(BlockKind::sub_item, "People present: " + (who.empty() ? std::string("none recorded") : who));
    for (const auto& a : report_answers(v, in.questions)) {
      if (a.fact == "people_present") continue;  // listed above
      add(BlockKind::sub_item, a.question + ": " + a.answer);
    }
    // Amendments to this visit (notes of kind amendment naming it, no refers_to): the visit stays as recorded.
    for (const auto& n : in.notes) {
      if (n.kind != NoteKind::amendment || n.refers_to || n.visit_id != v.id) continue;
      add(BlockKind::sub_item, "AMENDED " + format_utc(n.created_at) + " by " + n.author + ": " + n.reason.value_or(""));
      Visit corrected;
      corrected.answers = n.corrected_answers;
      for (const auto& a : report_answers(corrected, in.questions))
        add(BlockKind::sub_item, "Corrected: " + a.question + ": " + a.answer);
      if (!n.text.empty()) add(BlockKind::sub_item, "Correction: " + n.text);
    }
  }

  add(BlockKind::heading, "Notes");
  std::map<std::string, std::vector<const Note*>> follow_ups;  // later rows that refer to a note
  for (const auto& n : in.notes) {
    if (n.refers_to) follow_ups[*n.refers_to].push_back(&n);
  }
  if (std::none_of(in.notes.begin(), in.notes.end(), [](const Note& n) { return n.kind == NoteKind::entry; }))
    add(BlockKind::paragraph, "None recorded.");
  for (const auto& n : in.notes) {
    if (n.kind != NoteKind::entry) continue;
    add(BlockKind::item, format_utc(n.created_at) + " [" + words(to_string(n.category)) +
                             (n.severity ? ", " + std::string(to_string(*n.severity)) : "") + "] " + n.text + " (" +
                             n.author + ")");
    for (const Note* f : follow_ups[n.id]) {
      if (f->kind == NoteKind::amendment)
        add(BlockKind::sub_item, "amended " + format_utc(f->created_at) + " by " + f->author + ": " + f->text);
      else
        add(BlockKind::sub_item,
            "RETRACTED " + format_utc(f->created_at) + " by " + f->author + ": " + f->reason.value_or(""));
    }
  }
  add(BlockKind::heading, "Follow-up actions");
  if (in.actions.empty()) add(BlockKind::paragraph, "None.");
  for (const auto& a : in.actions) {
    std::string line = words(to_string(a.kind)) + " (" + std::string(to_string(a.priority)) + ", due " +
                       a.due.to_string() + ", " + std::string(to_string(a.status)) + ", rule " + a.rule + ")";
    if (a.outcome) line += ": outcome " + *a.outcome;
    if (a.dismiss_reason) line += ": dismissed, " + *a.dismiss_reason;
    if (const auto contact = national_contact(a)) line += " [national contact " + contact->code + "]";
    add(BlockKind::item, line);
    for (const auto& r : a.reasons) add(BlockKind::sub_item, "Rule " + a.rule + ": " + r);
  }
  return b;
}

}  // namespace

std::string case_report_markdown(const CaseReportInput& in) { return report::render_markdown(case_blocks(in)); }

std::string case_report_html(const CaseReportInput& in) {
  return report::render_html(case_blocks(in), "Case report: " + in.kase.name + " (" + in.kase.crn + ")");
}

nlohmann::json case_report_json(const CaseReportInput& in) {
  nlohmann::json j;
  j["generated_at"] = format_utc(in.generated_at);
  j["generated_by"] = in.generated_by;
  j["case"] = to_json(in.kase);
  j["checks"] = nlohmann::json::array();
  for (const auto& k : in.kase.checks) {
    nlohmann::json kj = to_json(k);
    kj["awaiting_reply"] = !k.answered();
    kj["national_contact"] = national_contact(k).code;
    j["checks"].push_back(std::move(kj));
  }
  j["visits"] = nlohmann::json::array();
  for (const auto& v : in.visits) {
    nlohmann::json vj = to_json(v);
    vj["national_contact"] = national_contact(v).code;
    if (auto it = in.visit_officers.find(v.id); it != in.visit_officers.end()) vj["officer"] = it->second;
    vj["people_present_all"] = nlohmann::json::array();
    for (const auto& p : people_present(v)) vj["people_present_all"].push_back(to_json(p));
    vj["questions"] = nlohmann::json::array();
    for (const auto& a : report_answers(v, in.questions)) {
      vj["questions"].push_back(
          {{"fact", a.fact}, {"question", a.question}, {"answer", a.answer}, {"value", v.answers.at(a.fact)}});
    }
    j["visits"].push_back(std::move(vj));
  }
  j["notes"] = nlohmann::json::array();
  for (const auto& n : in.notes) j["notes"].push_back(to_json(n));
  j["actions"] = nlohmann::json::array();
  for (const auto& a : in.actions) {
    nlohmann::json aj = to_json(a);
    if (const auto contact = national_contact(a)) aj["national_contact"] = contact->code;
    j["actions"].push_back(std::move(aj));
  }
  return j;
}

}  // namespace doorstep

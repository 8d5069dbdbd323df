#include "model/visit_draft.hpp"

#include "checklist/prefill.hpp"
#include "domain/json_codec.hpp"
#include "domain/person_rules.hpp"
#include "rules/display.hpp"

namespace doorstep::field {

VisitDraft start_draft(const Case& c, Date today, const std::vector<Visit>& earlier_visits) {
  VisitDraft d;
  d.crn = c.crn;
  d.date = today;
  d.kind = earlier_visits.empty() ? VisitKind::initial : VisitKind::repeat;
  d.answers = prefill_answers(c);
  return d;
}

nlohmann::json draft_to_json(const VisitDraft& d) {
  nlohmann::json j;
  j["crn"] = d.crn;
  j["date"] = d.date.to_string();
  j["kind"] = to_string(d.kind);
  j["outcome"] = to_string(d.outcome);
  j["answers"] = nlohmann::json::object();
  for (const auto& [k, v] : d.answers) j["answers"][k] = v;
  j["people_present"] = nlohmann::json::array();
  for (const auto& p : d.people_present) {
    nlohmann::json pj = {{"name", p.name}, {"relationship", to_string(p.relationship)}};
    if (p.age) pj["age"] = *p.age;
    if (p.date_of_birth) pj["date_of_birth"] = p.date_of_birth->to_string();
    if (p.residence) pj["residence"] = to_string(*p.residence);
    if (p.address_elsewhere) pj["address_elsewhere"] = *p.address_elsewhere;
    j["people_present"].push_back(std::move(pj));
  }
  j["notes"] = nlohmann::json::array();
  for (const auto& n : d.notes) {
    nlohmann::json nj = {{"category", to_string(n.category)}, {"text", n.text}};
    if (n.severity) nj["severity"] = to_string(*n.severity);
    j["notes"].push_back(std::move(nj));
  }
  j["section"] = d.section;
  return j;
}

namespace {

std::string str(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

VisitDraft draft_from_json(const nlohmann::json& j) {
  VisitDraft d;
  if (!j.is_object()) return d;
  d.crn = str(j, "crn");
  if (auto date = Date::try_parse(str(j, "date"))) d.date = *date;
  d.kind = enum_from_string<VisitKind>(str(j, "kind")).value_or(VisitKind::repeat);
  d.outcome = enum_from_string<VisitOutcome>(str(j, "outcome")).value_or(VisitOutcome::completed);
  if (const auto it = j.find("answers"); it != j.end() && it->is_object()) {
    for (auto a = it->begin(); a != it->end(); ++a) d.answers.emplace(a.key(), a.value());
  }
  if (const auto it = j.find("people_present"); it != j.end() && it->is_array()) {
    for (const auto& pj : *it) {
      if (!pj.is_object()) continue;
      Person p;
      p.name = str(pj, "name");
      p.relationship = enum_from_string<Relationship>(str(pj, "relationship")).value_or(Relationship::other_adult);
      if (const auto age = pj.find("age"); age != pj.end() && age->is_number_integer()) p.age = age->get<int>();
      p.date_of_birth = Date::try_parse(str(pj, "date_of_birth"));
      p.residence = enum_from_string<Residence>(str(pj, "residence"));
      if (p.residence) p.lives_at_address = *p.residence == Residence::lives_here;
      if (pj.contains("address_elsewhere")) p.address_elsewhere = str(pj, "address_elsewhere");
      d.people_present.push_back(std::move(p));
    }
  }
  if (const auto it = j.find("notes"); it != j.end() && it->is_array()) {
    for (const auto& nj : *it) {
      if (!nj.is_object()) continue;
      NoteDraft n;
      n.category = enum_from_string<NoteCategory>(str(nj, "category")).value_or(NoteCategory::general);
      n.severity = enum_from_string<Severity>(str(nj, "severity"));
      n.text = str(nj, "text");
      d.notes.push_back(std::move(n));
    }
  }
  if (const auto it = j.find("section"); it != j.end() && it->is_number_integer()) d.section = it->get<int>();
  return d;
}

std::string draft_meta_key(std::string_view crn) { return "draft.visit." + std::string(crn); }

std::optional<VisitDraft> load_draft(Store& store, std::string_view crn) {
  const auto text = store.meta(draft_meta_key(crn));
  if (!text || text->empty()) return std::nullopt;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  VisitDraft d = draft_from_json(j);
  d.crn = std::string(crn);
  return d;
}

void save_draft(Store& store, const VisitDraft& d) { store.set_meta(draft_meta_key(d.crn), draft_to_json(d).dump()); }

// The meta table has no delete; an empty value means "no draft".
void clear_draft(Store& store, std::string_view crn) { store.set_meta(draft_meta_key(crn), ""); }

std::vector<std::string> finish_blockers(const VisitDraft& d, const ChecklistTemplate& checklist) {
  std::vector<std::string> out;
  if (d.outcome == VisitOutcome::completed) {
    for (const auto& fact : checklist.missing_required(d.answers)) {
      const Item* item = checklist.find_item(fact);
      out.push_back("Answer: " + (item ? item->label : fact));
    }
  }
  for (std::size_t i = 0; i < d.people_present.size(); ++i) {
    if (d.people_present[i].name.empty()) {
      out.push_back("Give person " + std::to_string(i + 1) + " a name (or remove them)");
      continue;
    }
    for (const auto& problem : person_problems(d.people_present[i], d.date))
      out.push_back("Person " + std::to_string(i + 1) + ", " + display_id(problem.field) + ": " + problem.message);
  }
  for (std::size_t i = 0; i < d.notes.size(); ++i) {
    if (d.notes[i].text.empty()) out.push_back("Write note " + std::to_string(i + 1) + " (or remove it)");
  }
  if (out.empty()) {
    try {
      checklist.validate(to_visit(d, checklist).answers);
    } catch (const std::exception& e) {
      out.push_back(e.what());
    }
  }
  return out;
}

Visit to_visit(const VisitDraft& d, const ChecklistTemplate& checklist) {
  Visit v;
  v.date = d.date;
  v.kind = d.kind;
  v.outcome = d.outcome;
  for (const auto& [fact, value] : d.answers) {
    const Item* item = checklist.find_item(fact);
    if (item == nullptr || !checklist.is_visible(*item, d.answers)) continue;
    if (value.is_string() && value.get<std::string>().empty()) continue;
    v.answers.emplace(fact, value);
  }
  v.people_present = d.people_present;
  v.notes = d.notes;
  v.template_id = checklist.id();
  v.template_version = checklist.version();
  return v;
}

}  // namespace doorstep::field

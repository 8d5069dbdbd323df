#include "model/visit_amendment.hpp"

#include <algorithm>

#include "domain/facts.hpp"

namespace doorstep::field {
namespace {

// Marks a string for translation (scripts/update_locale.sh collects N_);
// the screen shows it through tr().
constexpr const char* N_(const char* msgid) { return msgid; }

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

std::vector<CorrectableAnswer> correctable_answers(const Visit& v, const ChecklistTemplate& checklist) {
  std::vector<CorrectableAnswer> out;
  for (const auto& section : checklist.sections()) {
    for (const auto& item : section.items) {
      if (item.type != FactType::yes_no_unknown) continue;
      const auto it = v.answers.find(item.fact);
      if (it == v.answers.end() || !it->second.is_string()) continue;
      out.push_back({item.fact, item.label, it->second.get<std::string>()});
    }
  }
  return out;
}

void set_correction(AmendmentDraft& d, const Visit& v, const std::string& fact, const std::string& value) {
  const auto it = v.answers.find(fact);
  if (it != v.answers.end() && it->second == value) {
    d.corrected.erase(fact);
  } else {
    d.corrected[fact] = value;
  }
}

std::vector<std::string> amendment_blockers(const AmendmentDraft& d) {
  std::vector<std::string> out;
  if (blank(d.reason)) out.push_back(N_("Say why the visit is corrected"));
  if (d.corrected.empty() && blank(d.text)) out.push_back(N_("Correct an answer or write the correction"));
  return out;
}

Note save_amendment(Store& store, const AmendmentDraft& d) {
  return store.amend_visit(d.visit_id, d.reason, d.text, d.corrected);
}

}  // namespace doorstep::field

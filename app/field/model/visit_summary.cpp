#include "model/visit_summary.hpp"

#include "model/translator.hpp"

namespace doorstep::field {

namespace {

std::string option_label(const Item& item, const std::string& id) {
  for (const auto& o : item.options) {
    if (o.id == id) return tr(o.label.c_str());  // the checklist's words, in the UI language
  }
  return id;
}

}  // namespace

std::string answer_in_words(const Item& item, const Answers& answers) {
  if (!ChecklistTemplate::is_answered(answers, item.fact)) return {};
  const auto& v = answers.at(item.fact);
  switch (item.type) {
    case FactType::yes_no_unknown:
    case FactType::single_choice: return v.is_string() ? option_label(item, v.get<std::string>()) : v.dump();
    case FactType::multiple_choice: {
      std::string out;
      if (!v.is_array()) return v.dump();
      for (const auto& e : v) {
        if (!e.is_string()) continue;
        if (!out.empty()) out += ", ";
        out += option_label(item, e.get<std::string>());
      }
      return out;
    }
    case FactType::number: return v.is_number_integer() ? std::to_string(v.get<long long>()) : v.dump();
    case FactType::text:
    case FactType::date: return v.is_string() ? v.get<std::string>() : v.dump();
    case FactType::person_list: return {};  // the people are listed on their own
  }
  return {};
}

VisitSummary summarise_visit(const VisitDraft& draft, const ChecklistTemplate& checklist, Casework& casework) {
  VisitSummary s;
  const auto& sections = checklist.sections();
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const Section& sec = sections[i];
    SummarySection out{static_cast<int>(i), tr(sec.title.c_str()), checklist.progress(draft.answers, sec), {}};
    for (const auto& item : sec.items) {
      if (item.type == FactType::person_list || !checklist.is_visible(item, draft.answers)) continue;
      out.answers.push_back({item.fact, tr(item.label.c_str()), answer_in_words(item, draft.answers), item.required});
    }
    s.sections.push_back(std::move(out));
  }
  s.people = draft.people_present;
  s.notes = draft.notes;
  s.blockers = finish_blockers(draft, checklist);
  // The same evaluation finish_visit runs: the draft as the record it would become.
  const Visit visit = to_visit(draft, checklist);
  s.follow_ups = casework.preview(draft.crn, &visit).actions;
  return s;
}

}  // namespace doorstep::field

#include "casework/visit_lookup.hpp"

#include <algorithm>

#include "report/visit_detail.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

std::optional<VisitDetailText> detail_in_case(Store& store, std::string_view crn, std::string_view visit_id,
                                              const ChecklistTemplate& checklist) {
  const auto visits = store.list_visits(crn);
  const auto it = std::find_if(visits.begin(), visits.end(), [&](const Visit& v) { return v.id == visit_id; });
  if (it == visits.end()) return std::nullopt;
  const Case c = store.get_case(crn);
  auto notes = store.list_notes(c.crn);
  for (auto& amendment : store.list_visit_amendments(c.crn)) notes.push_back(std::move(amendment));
  const auto actions = store.list_actions(std::string_view(c.crn), false);
  const auto officers = store.visit_officers(c.crn);
  VisitDetailInput in{c, *it, notes, actions, {}, ""};
  if (auto o = officers.find(it->id); o != officers.end()) in.recorded_by = o->second;
  for (const auto& section : checklist.sections())
    for (const auto& item : section.items) in.questions.emplace(item.fact, item.label);
  return VisitDetailText{c.crn, visit_detail_markdown(in), visit_detail_json(in)};
}

}  // namespace

VisitDetailText load_visit_detail(Store& store, std::string_view visit_id, const ChecklistTemplate& checklist,
                                  std::optional<std::string_view> crn) {
  if (crn) {
    if (auto d = detail_in_case(store, *crn, visit_id, checklist)) return *d;
  } else {
    for (const auto& kase : store.list_cases())
      if (auto d = detail_in_case(store, kase.crn, visit_id, checklist)) return *d;
  }
  throw Error(ErrorCode::not_found, "no visit " + std::string(visit_id.substr(0, 40)) + " on this device");
}

}  // namespace doorstep

#pragma once
// One visit in full, for a manager deciding oversight (`doorstep-cli visit
// show ID`): every question with its answer ("no" and "not known"
// included), the people present, the visit's notes in full (with their
// amendments and retractions), and the follow-ups it raised with their rule
// and reasons. Pure formatting over the stored records.
#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>

#include "domain/model.hpp"

namespace doorstep {

struct VisitDetailInput {
  const Case& kase;
  const Visit& visit;
  std::span<const Note> notes;      // the case's notes: those of this visit are picked
  std::span<const Action> actions;  // the case's actions: those this visit raised are picked
  std::map<std::string, std::string> questions;  // question text by fact id
  std::string recorded_by;                       // officer id, "" when unknown
};

std::string visit_detail_markdown(const VisitDetailInput& in);
nlohmann::json visit_detail_json(const VisitDetailInput& in);

}  // namespace doorstep

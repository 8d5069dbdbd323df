#pragma once
// A case report for the office or a child protection conference: the case
// facts, visits, notes (amendments and retractions shown against the
// original) and follow-up actions, as Markdown or JSON. Pure formatting.
#include <nlohmann/json.hpp>

#include <span>
#include <string>

#include "domain/model.hpp"

namespace doorstep {

struct CaseReportInput {
  const Case& kase;
  std::span<const Visit> visits;
  std::span<const Note> notes;
  std::span<const Action> actions;
  UtcMillis generated_at = 0;
  std::string generated_by;
};

std::string case_report_markdown(const CaseReportInput& in);
nlohmann::json case_report_json(const CaseReportInput& in);

}  // namespace doorstep

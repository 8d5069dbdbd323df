#pragma once
// The shipped rule set and checklist, loaded (and validated) once per run.
#include "checklist/checklist_template.hpp"
#include "rules/rule_set.hpp"

namespace doorstep::cli {

// assets/rules/rules-v1.json under default_assets_dir() ($DOORSTEP_ASSETS overrides).
RuleSet load_rule_set();
ChecklistTemplate load_checklist();

}  // namespace doorstep::cli

#pragma once
// The shipped rule set and checklist, loaded (and validated) once per run.
#include "checklist/checklist_template.hpp"
#include "rules/rule_set.hpp"

namespace doorstep::cli {

// The newest assets/rules/rules-v<N>.json under default_assets_dir() ($DOORSTEP_ASSETS
// overrides); see RuleSet::load_newest.
RuleSet load_rule_set();
ChecklistTemplate load_checklist();

}  // namespace doorstep::cli

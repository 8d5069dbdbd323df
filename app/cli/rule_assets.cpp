#include "rule_assets.hpp"

#include "rules/assets_dir.hpp"

namespace doorstep::cli {

RuleSet load_rule_set() { return RuleSet::load_newest(default_assets_dir() / "rules"); }

ChecklistTemplate load_checklist() {
  return ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json");
}

}  // namespace doorstep::cli

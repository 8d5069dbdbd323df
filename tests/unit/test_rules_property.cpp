// Property: evaluation is deterministic and does not depend on the order of
// the case's lists (household, victims, checks, restrictions, requirements,
// alerts) or of the earlier visits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>

#include "rules/assets_dir.hpp"
#include "rules/rule_set.hpp"
#include "rules/scenario.hpp"

using namespace doorstep;
namespace fs = std::filesystem;

namespace {

std::vector<Scenario> all_scenarios() {
  std::vector<Scenario> out;
  std::vector<fs::path> dirs = {fs::path(DOORSTEP_SOURCE_DIR) / "tests" / "scenarios",
                                fs::path(std::string(DOORSTEP_SOURCE_DIR) + "/../shared/domain/scenarios")};
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(load_scenario_file(f));
  }
  return out;
}

// Adds more people and checks so shuffles have something to reorder.
void enrich(Scenario& s) {
  s.kase.household.push_back(Person{"Ola", Relationship::other_adult, 40, true, false, false, {}, {}, {}});
  s.kase.household.push_back(Person{"Ben", Relationship::sibling, 19, false, false, false, {}, {}, {}});
  s.kase.victims.push_back(Person{"Old victim", Relationship::ex_partner, std::nullopt, false, false, true, {}, {}, {}});
  s.kase.checks.push_back(Check{CheckKind::csc_check, s.kase.sentence.start.plus_days(-400), "old", CheckResult::known_open, std::nullopt, "c1"});
  s.kase.checks.push_back(Check{CheckKind::police_da_check, s.kase.sentence.start.plus_days(-3), std::nullopt, std::nullopt, std::nullopt, "c2"});
  s.kase.restrictions.push_back(Restriction::exclusion_zone);
}

bool same(const Evaluation& a, const Evaluation& b) { return a.actions == b.actions && a.new_alerts == b.new_alerts; }

}  // namespace

TEST_CASE("evaluation is deterministic and insensitive to list order", "[rules][scenario]") {
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  auto scenarios = all_scenarios();
  REQUIRE(scenarios.size() >= 30);
  std::mt19937 rng(20260302);  // seeded: failures reproduce
  for (int variant = 0; variant < 2; ++variant) {
    for (auto s : scenarios) {
      if (variant == 1) enrich(s);
      const Evaluation baseline = rs.evaluate(s.context());
      REQUIRE(same(baseline, rs.evaluate(s.context())));
      for (int i = 0; i < 40; ++i) {
        Scenario shuffled = s;
        std::shuffle(shuffled.kase.household.begin(), shuffled.kase.household.end(), rng);
        std::shuffle(shuffled.kase.victims.begin(), shuffled.kase.victims.end(), rng);
        std::shuffle(shuffled.kase.checks.begin(), shuffled.kase.checks.end(), rng);
        std::shuffle(shuffled.kase.restrictions.begin(), shuffled.kase.restrictions.end(), rng);
        std::shuffle(shuffled.kase.sentence.requirements.begin(), shuffled.kase.sentence.requirements.end(), rng);
        std::shuffle(shuffled.kase.alerts.begin(), shuffled.kase.alerts.end(), rng);
        std::shuffle(shuffled.earlier_visits.begin(), shuffled.earlier_visits.end(), rng);
        if (shuffled.visit) {
          std::shuffle(shuffled.visit->people_present.begin(), shuffled.visit->people_present.end(), rng);
        }
        const Evaluation e = rs.evaluate(shuffled.context());
        INFO(s.name << " (iteration " << i << ")");
        REQUIRE(same(baseline, e));
      }
    }
  }
}

TEST_CASE("a rule set copy evaluates the same", "[rules]") {
  const RuleSet rs = RuleSet::load_newest(default_assets_dir() / "rules");
  const RuleSet copy = rs;  // NOLINT: copies share the compiled form
  for (const auto& s : all_scenarios()) CHECK(same(rs.evaluate(s.context()), copy.evaluate(s.context())));
}

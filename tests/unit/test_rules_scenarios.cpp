// Every scenario file (the shared ones and the project's own) evaluates as
// its `expect` says, against the shipped rule set.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "rules/assets_dir.hpp"
#include "rules/rule_set.hpp"
#include "rules/scenario.hpp"

using namespace doorstep;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const RuleSet& shipped_rules() {
  static const RuleSet rules = RuleSet::load_newest(default_assets_dir() / "rules");
  return rules;
}

void check_scenarios_in(const fs::path& dir) {
  const auto files = json_files(dir);
  for (const auto& f : files) {
    INFO("scenario " << f.filename().string());
    const Scenario s = load_scenario_file(f);
    const Evaluation e = shipped_rules().evaluate(s.context());
    const auto failures = check_expectations(s, e);
    for (const auto& why : failures) FAIL_CHECK(f.filename().string() << ": " << why);
    CHECK(failures.empty());
  }
}

}  // namespace

TEST_CASE("every shared scenario passes", "[rules][scenario]") {
  const fs::path dir = fs::path(std::string(DOORSTEP_SOURCE_DIR) + "/../shared/domain/scenarios");
  if (!fs::is_directory(dir)) {
    WARN("no shared scenarios at " << dir.string() << ": skipped");
    return;
  }
  REQUIRE(!json_files(dir).empty());
  check_scenarios_in(dir);
}

TEST_CASE("every shared rule set 2 scenario passes", "[rules][scenario]") {
  const fs::path dir = fs::path(std::string(DOORSTEP_SOURCE_DIR) + "/../shared/domain/scenarios-rule-set-2");
  if (!fs::is_directory(dir)) {
    WARN("no shared rule set 2 scenarios at " << dir.string() << ": skipped");
    return;
  }
  REQUIRE(!json_files(dir).empty());
  check_scenarios_in(dir);
}

TEST_CASE("every project scenario passes", "[rules][scenario]") {
  const fs::path dir = fs::path(DOORSTEP_SOURCE_DIR) / "tests" / "scenarios";
  REQUIRE(fs::is_directory(dir));
  REQUIRE(json_files(dir).size() >= 30);
  check_scenarios_in(dir);
}

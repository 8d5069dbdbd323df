#pragma once
// A small probation team at a real `doorstep-office serve`, for end-to-end
// tests with real tablets (`doorstep-cli`): officers Ana and Bo (team
// north), Cy (south) and manager Mo (north); Ana holds A100001 (high RoSH,
// CP plan, DA) and A100002, Bo holds B100001.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "support/office_process.hpp"
#include "support/team_cases.hpp"

namespace doorstep::test {

// The team's office, serving.
struct Team {
  OfficeProcess office;
  Team() {
    office.add_officer("ana", "north");
    office.add_officer("bo", "north");
    office.add_officer("cy", "south");
    office.add_officer("mo", "north", true);
    office.import_cases(kCases, "ana");
    office.import_cases(kBoCase, "bo");
    office.start();
  }
  nlohmann::json office_json(std::vector<std::string> args) {
    args.push_back("--json");
    return nlohmann::json::parse(office.must(args));
  }
};

inline nlohmann::json cli_json(const CliDevice& d, std::vector<std::string> args) {
  args.insert(args.begin(), "--json");
  const auto r = d.run(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

// The one action with `id` in an `actions --json` list (which also holds
// the standing actions the office raised by itself).
inline nlohmann::json action_with_id(const nlohmann::json& list, const std::string& id) {
  nlohmann::json found;
  int count = 0;
  for (const auto& a : list)
    if (a.at("id") == id) found = a, ++count;
  REQUIRE(count == 1);
  return found;
}

inline CliDevice enrolled_tablet(Team& t, const std::string& officer, const std::string& name) {
  CliDevice d(t.office.dir(), name);
  const auto r = d.enroll(t.office.enroll_code(officer));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return d;
}

}  // namespace doorstep::test

// The home-visit checklist template: loading and validation, skip logic,
// required items, and answer validation.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "checklist/checklist_template.hpp"
#include "checklist/prefill.hpp"
#include "domain/json_codec.hpp"
#include "rules/assets_dir.hpp"
#include "rules/scenario.hpp"
#include "util/error.hpp"
#include "support/errors.hpp"

using namespace doorstep;
using doorstep::test::bad_input_message;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {


const ChecklistTemplate& shipped() {
  static const ChecklistTemplate t =
      ChecklistTemplate::load_file(default_assets_dir() / "checklists" / "home-visit-v1.json");
  return t;
}

json small_template() {
  return json::parse(R"({
    "id": "mini", "version": 2, "title": "Mini",
    "sections": [
      {"id": "a", "title": "A", "items": [
        {"fact": "children_present", "label": "Children present?", "type": "yes_no_unknown", "required": true},
        {"fact": "children_seen", "label": "Children seen?", "type": "yes_no_unknown", "required": true,
         "show_if": {"answer": "children_present", "equals": "yes"}},
        {"fact": "substance_misuse_increase", "label": "More?", "type": "single_choice",
         "options": [{"id": "no", "label": "No"}, {"id": "alcohol", "label": "Drink"}]}
      ]}
    ]})");
}

std::string template_error(const json& j) {
  return bad_input_message([&] { (void)ChecklistTemplate::from_json(j, "mini.json"); });
}

Answers complete_answers() {
  return {{"person_present", "yes"},        {"children_live_at_address", "no"},
          {"children_present", "no"},       {"new_child_contact", "no"},
          {"child_welfare_concern", "no"},  {"new_relationship", "no"},
          {"partner_pregnant", "no"},       {"accommodation_status", "settled"},
          {"accommodation_change", "no"},   {"employment_lost", "no"},
          {"substance_misuse_increase", "no"}, {"home_conditions", "adequate"},
          {"home_conditions_concern", "no"}, {"signs_of_domestic_abuse", "no"},
          {"victim_present", "no"},          {"restriction_breach_suspected", "no"},
          {"officer_safety_concern", "no"},  {"purpose_explained", "yes"}};
}

}  // namespace

TEST_CASE("the shipped checklist loads and maps every item to a fact", "[checklist]") {
  const auto& t = shipped();
  CHECK(t.id() == "home-visit");
  CHECK(t.version() == 1);
  REQUIRE(t.sections().size() == 11);
  CHECK(t.sections().front().id == "arrival");
  CHECK(t.sections().back().id == "notes");
  std::size_t items = 0;
  for (const auto& s : t.sections()) {
    for (const auto& i : s.items) {
      ++items;
      const FactDef* def = find_visit_fact(i.fact);
      REQUIRE(def);
      CHECK(def->type == i.type);
      CHECK_FALSE(i.label.empty());
    }
  }
  CHECK(items >= 30);
  // Every fact of the shared vocabulary is asked.
  for (auto id : {"person_present", "purpose_explained", "children_present", "children_seen", "victim_present",
                  "new_relationship", "partner_pregnant", "new_child_contact", "accommodation_change",
                  "substance_misuse_increase", "employment_lost", "restriction_breach_suspected",
                  "signs_of_domestic_abuse", "child_welfare_concern", "home_conditions_concern",
                  "mental_health_deterioration", "officer_safety_concern", "people_present"}) {
    INFO(id);
    CHECK(t.find_item(id));
  }
  const Item* people = t.find_item("people_present");
  REQUIRE(people);
  CHECK(people->type == FactType::person_list);
  const Item* yn = t.find_item("person_present");
  REQUIRE(yn->options.size() == 3);
  CHECK(yn->required);
}

TEST_CASE("skip logic shows children_seen only when children live there or are present", "[checklist]") {
  const auto& t = shipped();
  const Item& seen = *t.find_item("children_seen");
  CHECK_FALSE(t.is_visible(seen, {}));
  CHECK_FALSE(t.is_visible(seen, {{"children_live_at_address", "no"}, {"children_present", "no"}}));
  CHECK(t.is_visible(seen, {{"children_live_at_address", "yes"}}));
  CHECK(t.is_visible(seen, {{"children_live_at_address", "no"}, {"children_present", "yes"}}));
  const Item& details = *t.find_item("new_relationship_details");
  CHECK_FALSE(t.is_visible(details, {{"new_relationship", "no"}}));
  CHECK(t.is_visible(details, {{"new_relationship", "yes"}}));
  CHECK(t.is_visible(*t.find_item("person_present"), {}));
}

TEST_CASE("missing required items, in template order, only when visible", "[checklist]") {
  const auto& t = shipped();
  Answers a = complete_answers();
  CHECK(t.missing_required(a).empty());
  CHECK_NOTHROW(t.validate_complete(a));

  a["children_present"] = "yes";
  CHECK(t.missing_required(a) == std::vector<std::string>{"children_seen"});
  a["children_seen"] = "unknown";  // "unknown" is an answer
  CHECK(t.missing_required(a).empty());

  a["officer_safety_concern"] = "yes";
  a["officer_safety_details"] = "";  // empty text is no answer
  CHECK(t.missing_required(a) == std::vector<std::string>{"officer_safety_details"});
  CHECK(bad_input_message([&] { t.validate_complete(a); }) ==
        "checklist home-visit v1: required items not answered: officer_safety_details");

  const auto all = t.missing_required({});
  REQUIRE_FALSE(all.empty());
  CHECK(all.front() == "person_present");
  CHECK(std::find(all.begin(), all.end(), "children_seen") == all.end());
}

TEST_CASE("missing required items per section: the visit screen's section ticks", "[checklist]") {
  const auto& t = shipped();
  Answers a = complete_answers();
  for (const auto& s : t.sections()) CHECK(t.missing_required(a, s).empty());

  a["children_present"] = "yes";  // shows children_seen, unanswered
  std::vector<std::string> joined;
  int incomplete = 0;
  for (const auto& s : t.sections()) {
    const auto m = t.missing_required(a, s);
    incomplete += m.empty() ? 0 : 1;
    joined.insert(joined.end(), m.begin(), m.end());
  }
  CHECK(incomplete == 1);
  CHECK(joined == t.missing_required(a));  // the sections add up to the whole
  const Section* children = nullptr;
  for (const auto& s : t.sections()) {
    if (t.missing_required(a, s) == std::vector<std::string>{"children_seen"}) children = &s;
  }
  REQUIRE(children != nullptr);
  CHECK(children->id == "children");

  // Every section of an empty draft: its required items, in order.
  std::vector<std::string> all;
  for (const auto& s : t.sections()) {
    const auto m = t.missing_required({}, s);
    all.insert(all.end(), m.begin(), m.end());
  }
  CHECK(all == t.missing_required({}));

  CHECK(ChecklistTemplate::is_answered({{"x", "unknown"}}, "x"));
  CHECK(ChecklistTemplate::is_answered({{"x", json::array()}}, "x"));  // "none" of a multiple choice
  CHECK_FALSE(ChecklistTemplate::is_answered({{"x", ""}}, "x"));
  CHECK_FALSE(ChecklistTemplate::is_answered({{"x", nullptr}}, "x"));
  CHECK_FALSE(ChecklistTemplate::is_answered({}, "x"));
}

TEST_CASE("answers that violate the template are rejected clearly", "[checklist]") {
  const auto& t = shipped();
  auto err = [&](Answers a) { return bad_input_message([&] { t.validate(a); }); };
  CHECK(err(complete_answers()).empty());
  CHECK_THAT(err({{"person_present", 3}}),
             Catch::StartsWith("checklist home-visit v1: visit.answers.person_present: 3 is not one of yes, no, unknown"));
  CHECK_THAT(err({{"substance_misuse_increase", "cannabis"}}),
             Catch::Contains("visit.answers.substance_misuse_increase") && Catch::Contains("cannabis"));
  CHECK_THAT(err({{"substance_signs", {"alcohol_in_home", "cats"}}}), Catch::Contains("cats"));
  CHECK_THAT(err({{"people_living_here", "three"}}), Catch::Contains("is not a number"));
  CHECK_THAT(err({{"new_relationship_start", "2026-02-30"}}), Catch::Contains("is not a date"));
  CHECK_THAT(err({{"people_present", {{{"name", "Amy"}, {"relationship", "aunt"}}}}}),
             Catch::Contains("people_present[0].relationship"));
  CHECK(err({{"favourite_colour", "blue"}}) ==
        "checklist home-visit v1: answers.favourite_colour: no such item in the checklist");

  // A template may offer fewer options than its fact has.
  const auto mini = ChecklistTemplate::from_json(small_template(), "mini.json");
  CHECK_THAT(bad_input_message([&] { mini.validate({{"substance_misuse_increase", "drugs"}}); }),
             Catch::Contains("\"drugs\" is not an option of this item"));
  CHECK_THAT(bad_input_message([&] { mini.validate({{"person_present", "yes"}}); }),
             Catch::Contains("answers.person_present: no such item"));
}

TEST_CASE("bad checklist files fail to load naming file, item and field", "[checklist]") {
  REQUIRE(template_error(small_template()).empty());
  auto with = [&](const char* pointer, json value) {
    json j = small_template();
    j[json::json_pointer(pointer)] = std::move(value);
    return template_error(j);
  };
  CHECK(with("/sections/0/items/0/fact", "childen_present") ==
        "mini.json: item childen_present: field sections[0].items[0].fact: unknown fact 'childen_present'");
  CHECK_THAT(with("/sections/0/items/0/type", "text"),
             Catch::Contains("type 'text' does not match the fact, which is yes_no_unknown"));
  CHECK_THAT(with("/sections/0/items/0/type", "slider"), Catch::Contains("unknown item type 'slider'"));
  CHECK_THAT(with("/sections/0/items/2/options/1/id", "cider"),
             Catch::Contains("item substance_misuse_increase: field sections[0].items[2].options[1].id: unknown option 'cider'"));
  CHECK(with("/sections/0/items/1/show_if", {{"answer", "childen_present"}, {"equals", "yes"}}) ==
        "mini.json: item children_seen: field sections[0].items[1].show_if.answer: unknown item 'childen_present' (not "
        "in this template)");
  CHECK_THAT(with("/sections/0/items/1/show_if", {{"answer", "children_present"}, {"equal", "yes"}}),
             Catch::Contains("field sections[0].items[1].show_if.equal: unknown operator 'equal'"));
  CHECK_THAT(with("/sections/0/items/1/show_if", {{"answer", "children_present"}, {"equals", "yep"}}),
             Catch::Contains("'yep' is not an option of children_present"));
  CHECK_THAT(with("/sections/0/items/1/show_if", {{"answer", "children_seen"}, {"equals", "yes"}}),
             Catch::Contains("unknown item 'children_seen'"));
  CHECK_THAT(with("/sections/0/items/1/required", "yes"), Catch::Contains("required: expected true or false"));
  CHECK_THAT(with("/sections/0/items/0/colour", "red"), Catch::Contains("unknown field 'colour'"));
  json dup = small_template();
  dup["sections"][0]["items"].push_back(dup["sections"][0]["items"][0]);
  CHECK_THAT(template_error(dup), Catch::Contains("duplicate item for fact 'children_present'"));
  dup = small_template();
  dup["sections"].push_back(dup["sections"][0]);
  CHECK_THAT(template_error(dup), Catch::Contains("section a: field sections[1].id: duplicate section id 'a'"));

  const fs::path bad = fs::temp_directory_path() / "doorstep-bad-checklist.json";
  std::ofstream(bad) << "{\"id\": \"x\", \"sections\": [";
  CHECK_THAT(bad_input_message([&] { (void)ChecklistTemplate::load_file(bad); }),
             Catch::StartsWith("doorstep-bad-checklist.json: not valid JSON"));
  fs::remove(bad);
}

TEST_CASE("pre-filled answers come from the case", "[checklist]") {
  Case c = case_from_json(json::parse(R"({"crn": "T100001", "name": "T", "rosh": "low",
    "sentence": {"type": "community_order", "start": "2026-03-02"}})"));
  CHECK(prefill_answers(c).at("children_live_at_address") == "no");
  c.household.push_back(Person{"Amy", Relationship::child, 4, std::nullopt, false, false, {}, {}, {}});
  CHECK(prefill_answers(c).at("children_live_at_address") == "yes");
  c.household[0].lives_at_address = false;
  CHECK(prefill_answers(c).at("children_live_at_address") == "no");
}

TEST_CASE("every scenario visit's answers fit the checklist", "[checklist][scenario]") {
  std::vector<fs::path> dirs = {fs::path(DOORSTEP_SOURCE_DIR) / "tests" / "scenarios",
                                fs::path(std::string(DOORSTEP_SOURCE_DIR) + "/../shared/domain/scenarios")};
  int checked = 0;
  for (const auto& dir : dirs) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      const Scenario s = load_scenario_file(e.path());
      if (!s.visit) continue;
      INFO(e.path().filename().string());
      CHECK_NOTHROW(shipped().validate(s.visit->answers));
      ++checked;
    }
  }
  CHECK(checked > 30);
}

#pragma once
// A versioned home-visit checklist template (assets/checklists/*.json):
// sections in the order an officer walks them, each item mapped to a visit
// fact (domain/facts.hpp) with a label, help text, type, options, whether it
// is required, and an optional show_if condition over the answers
// (checklist/show_if.hpp). Loading validates everything; a visit stores the
// template id and version it followed.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "checklist/show_if.hpp"
#include "domain/facts.hpp"
#include "domain/model.hpp"

namespace doorstep {

struct ChoiceOption {
  std::string id;     // a value the fact takes
  std::string label;  // what the officer sees
};

struct Item {
  std::string fact;  // fact id: the key of its answer in Visit::answers
  std::string label;
  std::string help;
  FactType type = FactType::yes_no_unknown;
  std::vector<ChoiceOption> options;  // choice items: in display order; yes/no/unknown: yes, no, unknown
  bool required = false;
  std::optional<ShowIf> show_if;      // absent: always shown
};

// How far a section is: its visible items (skip logic applied) and how many
// of them have an answer. "Children 2/3" on the visit screen.
struct SectionProgress {
  int answered = 0;
  int visible = 0;
  int missing_required = 0;
  [[nodiscard]] bool complete() const { return missing_required == 0; }
};

struct Section {
  std::string id;
  std::string title;
  std::string help;
  std::vector<Item> items;
};

class ChecklistTemplate {
 public:
  // Error(bad_input) naming the file, the item and the field, e.g.
  // "home-visit-v1.json: item children_seen: field sections[1].items[1].show_if.any[0].answer: unknown item ...";
  // Error(io) if the file cannot be read.
  static ChecklistTemplate load_file(const std::filesystem::path& path);
  static ChecklistTemplate from_json(const nlohmann::json& j, const std::string& source_name);

  [[nodiscard]] const std::string& id() const { return m_id; }
  [[nodiscard]] int version() const { return m_version; }
  [[nodiscard]] const std::string& title() const { return m_title; }
  [[nodiscard]] const std::vector<Section>& sections() const { return m_sections; }
  // The item for a fact id, or nullptr.
  [[nodiscard]] const Item* find_item(std::string_view fact) const;

  // Skip logic: the item's show_if holds for these answers (or it has none).
  [[nodiscard]] bool is_visible(const Item& item, const Answers& answers) const;
  // Fact ids of visible required items without an answer, in template order.
  // Empty text counts as no answer; "unknown" is an answer (is_answered).
  [[nodiscard]] std::vector<std::string> missing_required(const Answers& answers) const;
  // The same for one section (of this template): the section is complete
  // when this is empty. The visit screen's section ticks use it.
  [[nodiscard]] std::vector<std::string> missing_required(const Answers& answers, const Section& section) const;
  // Visible items of the section and how many are answered (is_answered).
  [[nodiscard]] SectionProgress progress(const Answers& answers, const Section& section) const;
  // `fact` has an answer: present, not null, not empty text. An empty list
  // (multiple choice "none", no people) is an answer; so is "unknown".
  [[nodiscard]] static bool is_answered(const Answers& answers, std::string_view fact);
  // Error(bad_input) on an answer to an item not in the template, a value of
  // the wrong type, or an option the item does not offer. Answers to hidden
  // items are allowed (the UI keeps them while the officer changes their mind).
  void validate(const Answers& answers) const;
  // validate() and then Error(bad_input) listing the missing required items.
  void validate_complete(const Answers& answers) const;

 private:
  [[nodiscard]] std::string where() const;  // "checklist home-visit v1"

  std::string m_id;
  int m_version = 0;
  std::string m_title;
  std::vector<Section> m_sections;
};

std::string_view to_string(FactType type);

}  // namespace doorstep

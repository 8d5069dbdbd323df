#include "checklist/checklist_template.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "domain/json_codec.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

constexpr std::array<std::string_view, 7> fact_type_names = {"yes_no_unknown", "single_choice", "multiple_choice",
                                                            "text",           "number",        "date",
                                                            "person_list"};

[[noreturn]] void fail(const std::string& where, const std::string& field, const std::string& msg) {
  throw Error(ErrorCode::bad_input, where + ": field " + field + ": " + msg);
}

void check_keys(const nlohmann::json& j, std::initializer_list<std::string_view> allowed, const std::string& where,
                const std::string& prefix) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      fail(where, prefix + it.key(), "unknown field '" + it.key() + "'");
  }
}

std::string text_at(const nlohmann::json& j, const char* key, const std::string& where, const std::string& prefix,
                    bool required) {
  if (!j.contains(key)) {
    if (required) fail(where, prefix + key, "missing");
    return "";
  }
  if (!j[key].is_string() || (required && j[key].get_ref<const std::string&>().empty()))
    fail(where, prefix + key, "expected non-empty text");
  return j[key].get<std::string>();
}

bool is_choice(FactType t) {
  return t == FactType::yes_no_unknown || t == FactType::single_choice || t == FactType::multiple_choice;
}

bool answered(const nlohmann::json& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  return true;
}

}  // namespace

std::string_view to_string(FactType type) { return fact_type_names[static_cast<std::size_t>(type)]; }

ChecklistTemplate ChecklistTemplate::load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, path.string() + ": cannot be read");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string name = path.filename().string();
  return from_json(parse_json_text(ss.str(), name), name);
}

ChecklistTemplate ChecklistTemplate::from_json(const nlohmann::json& j, const std::string& source) {
  ChecklistTemplate t;
  if (!j.is_object()) fail(source, "(top)", "expected a checklist template object");
  check_keys(j, {"id", "version", "title", "description", "sections"}, source, "");
  t.m_id = text_at(j, "id", source, "", true);
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() < 1)
    fail(source, "version", "expected a whole number from 1");
  t.m_version = j["version"].get<int>();
  t.m_title = text_at(j, "title", source, "", true);
  (void)text_at(j, "description", source, "", false);
  if (!j.contains("sections") || !j["sections"].is_array() || j["sections"].empty())
    fail(source, "sections", "expected a non-empty list of sections");

  // First pass: sections and items; show_if needs every item known.
  std::set<std::string> section_ids;
  std::map<std::string, std::pair<const FactDef*, std::vector<std::string>>> items;  // fact -> def, option ids
  std::vector<std::tuple<std::size_t, std::size_t, const nlohmann::json*, std::string>> pending;
  const auto& sections = j["sections"];
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const std::string sp = "sections[" + std::to_string(s) + "]";
    const auto& sj = sections[s];
    if (!sj.is_object()) fail(source, sp, "expected a section object");
    Section section;
    section.id = text_at(sj, "id", source, sp + ".", true);
    const std::string swhere = source + ": section " + section.id;
    if (!section_ids.insert(section.id).second) fail(swhere, sp + ".id", "duplicate section id '" + section.id + "'");
    check_keys(sj, {"id", "title", "help", "items"}, swhere, sp + ".");
    section.title = text_at(sj, "title", swhere, sp + ".", true);
    section.help = text_at(sj, "help", swhere, sp + ".", false);
    if (!sj.contains("items") || !sj["items"].is_array() || sj["items"].empty())
      fail(swhere, sp + ".items", "expected a non-empty list of items");
    for (std::size_t i = 0; i < sj["items"].size(); ++i) {
      const std::string ip = sp + ".items[" + std::to_string(i) + "]";
      const auto& ij = sj["items"][i];
      if (!ij.is_object()) fail(swhere, ip, "expected an item object");
      Item item;
      item.fact = text_at(ij, "fact", swhere, ip + ".", true);
      const std::string where = source + ": item " + item.fact;
      check_keys(ij, {"fact", "label", "help", "type", "options", "required", "show_if"}, where, ip + ".");
      const FactDef* def = find_visit_fact(item.fact);
      if (!def) fail(where, ip + ".fact", "unknown fact '" + item.fact + "'");
      if (items.count(item.fact)) fail(where, ip + ".fact", "duplicate item for fact '" + item.fact + "'");
      item.label = text_at(ij, "label", where, ip + ".", true);
      item.help = text_at(ij, "help", where, ip + ".", false);
      const std::string type = text_at(ij, "type", where, ip + ".", true);
      auto type_it = std::find(fact_type_names.begin(), fact_type_names.end(), type);
      if (type_it == fact_type_names.end())
        fail(where, ip + ".type", "unknown item type '" + type + "'");
      item.type = static_cast<FactType>(type_it - fact_type_names.begin());
      if (item.type != def->type)
        fail(where, ip + ".type", "type '" + type + "' does not match the fact, which is " +
                                      std::string(to_string(def->type)));
      if (ij.contains("required") && !ij["required"].is_boolean()) fail(where, ip + ".required", "expected true or false");
      item.required = ij.value("required", false);
      std::vector<std::string> option_ids;
      if (def->type == FactType::yes_no_unknown) {
        if (ij.contains("options")) fail(where, ip + ".options", "yes/no/unknown items have fixed options");
        item.options = {{"yes", "Yes"}, {"no", "No"}, {"unknown", "Not known"}};
      } else if (is_choice(def->type)) {
        if (!ij.contains("options") || !ij["options"].is_array() || ij["options"].empty())
          fail(where, ip + ".options", "a choice item needs a list of {\"id\", \"label\"} options");
        for (std::size_t o = 0; o < ij["options"].size(); ++o) {
          const std::string op = ip + ".options[" + std::to_string(o) + "]";
          const auto& oj = ij["options"][o];
          if (!oj.is_object()) fail(where, op, "expected {\"id\", \"label\"}");
          check_keys(oj, {"id", "label"}, where, op + ".");
          ChoiceOption opt{text_at(oj, "id", where, op + ".", true), text_at(oj, "label", where, op + ".", true)};
          if (std::find(def->options.begin(), def->options.end(), opt.id) == def->options.end())
            fail(where, op + ".id", "unknown option '" + opt.id + "' for fact " + item.fact);
          for (const auto& prev : item.options) {
            if (prev.id == opt.id) fail(where, op + ".id", "duplicate option '" + opt.id + "'");
          }
          item.options.push_back(std::move(opt));
        }
      } else if (ij.contains("options")) {
        fail(where, ip + ".options", "only choice items have options");
      }
      for (const auto& o : item.options) option_ids.push_back(o.id);
      items.emplace(item.fact, std::make_pair(def, option_ids));
      if (ij.contains("show_if")) pending.emplace_back(s, i, &ij["show_if"], ip + ".show_if");
      section.items.push_back(std::move(item));
    }
    t.m_sections.push_back(std::move(section));
  }
  // Second pass: show_if conditions over the template's own items.
  for (const auto& [s, i, cond, field] : pending) {
    Item& item = t.m_sections[s].items[i];
    const std::string where = source + ": item " + item.fact;
    const std::string self = item.fact;
    auto lookup = [&](const std::string& fact, std::vector<std::string>& options) -> const FactDef* {
      auto it = items.find(fact);
      if (it == items.end() || fact == self) return nullptr;
      options = it->second.second;
      return it->second.first;
    };
    item.show_if = ShowIf::compile(*cond, where, field, lookup);
  }
  return t;
}

std::string ChecklistTemplate::where() const { return "checklist " + m_id + " v" + std::to_string(m_version); }

const Item* ChecklistTemplate::find_item(std::string_view fact) const {
  for (const auto& s : m_sections) {
    for (const auto& i : s.items) {
      if (i.fact == fact) return &i;
    }
  }
  return nullptr;
}

bool ChecklistTemplate::is_visible(const Item& item, const Answers& answers) const {
  return !item.show_if || item.show_if->holds(answers);
}

bool ChecklistTemplate::is_answered(const Answers& answers, std::string_view fact) {
  const auto it = answers.find(std::string(fact));
  return it != answers.end() && answered(it->second);
}

std::vector<std::string> ChecklistTemplate::missing_required(const Answers& answers, const Section& section) const {
  std::vector<std::string> out;
  for (const auto& i : section.items) {
    if (i.required && is_visible(i, answers) && !is_answered(answers, i.fact)) out.push_back(i.fact);
  }
  return out;
}

SectionProgress ChecklistTemplate::progress(const Answers& answers, const Section& section) const {
  SectionProgress p;
  for (const auto& i : section.items) {
    if (!is_visible(i, answers)) continue;
    ++p.visible;
    const bool answered = is_answered(answers, i.fact);
    if (answered) ++p.answered;
    else if (i.required) ++p.missing_required;
  }
  return p;
}

std::vector<std::string> ChecklistTemplate::missing_required(const Answers& answers) const {
  std::vector<std::string> out;
  for (const auto& s : m_sections) {
    auto missing = missing_required(answers, s);
    out.insert(out.end(), missing.begin(), missing.end());
  }
  return out;
}

void ChecklistTemplate::validate(const Answers& answers) const {
  for (const auto& [fact, value] : answers) {
    const Item* item = find_item(fact);
    if (!item) throw Error(ErrorCode::bad_input, where() + ": answers." + fact + ": no such item in the checklist");
    const FactDef* def = find_visit_fact(fact);
    try {
      validate_fact_value(*def, value);
    } catch (const Error& e) {
      throw Error(ErrorCode::bad_input, where() + ": " + e.what());
    }
    if (item->type == FactType::single_choice || item->type == FactType::multiple_choice) {
      auto offered = [&](const nlohmann::json& v) {
        return std::any_of(item->options.begin(), item->options.end(),
                           [&](const ChoiceOption& o) { return o.id == v.get_ref<const std::string&>(); });
      };
      const std::vector<nlohmann::json> values =
          value.is_array() ? std::vector<nlohmann::json>(value.begin(), value.end()) : std::vector<nlohmann::json>{value};
      for (const auto& v : values) {
        if (!offered(v))
          throw Error(ErrorCode::bad_input, where() + ": answers." + fact + ": " + v.dump() +
                                                " is not an option of this item");
      }
    }
  }
}

void ChecklistTemplate::validate_complete(const Answers& answers) const {
  validate(answers);
  const auto missing = missing_required(answers);
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  throw Error(ErrorCode::bad_input, where() + ": required items not answered: " + list);
}

}  // namespace doorstep

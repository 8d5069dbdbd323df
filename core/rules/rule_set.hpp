#pragma once
// A rule set: practice standards as data (assets/rules/*.json, grammar in
// docs/rules.md). Loading validates everything and compiles each condition
// once; evaluate() is then pure, deterministic and does no JSON or string
// parsing. Evaluation depends only on its inputs, never on the order of the
// case's lists.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace doorstep {

struct RuleContext {
  const Case& kase;                        // the case facts now
  const Visit* visit = nullptr;            // the visit just finished; nullptr: case-only evaluation
  std::span<const Visit> earlier_visits;   // the case's earlier visits (any order), may be empty
  std::optional<Rosh> previous_rosh;       // for "RoSH increase" (R9), when known
  Date today;
};

struct Evaluation {
  // Ordered by priority (urgent first), then kind, then rule id (R2 < R10), then reason.
  // One entry per (rule, kind): a rule never raises the same kind twice.
  std::vector<RaisedAction> actions;
  // Alert texts to add to the case (R14); never one the case already has.
  std::vector<std::string> new_alerts;
};

// How an open standing action closes by itself once its rule no longer
// raises it (an action's "closes_by" in the rule file), and so which record
// met it: a purposeful home visit, an answered check of the action's kind,
// or a RoSH review (case.rosh_reviewed).
enum class ClosesBy { purposeful_visit, check_answered, rosh_review };

struct RuleSummary {
  std::string id;
  std::string title;
};

class RuleSet {
 public:
  // Reads and validates a rule file; Error(bad_input) names the file, the
  // rule id and the field ("rules-v1.json: rule R5a: field condition.all[1].fact:
  // unknown fact 'visit.answers.new_relatonship'"); Error(io) if unreadable.
  static RuleSet load_file(const std::filesystem::path& path);
  static RuleSet from_json(const nlohmann::json& j, const std::string& source_name);
  // The rule set the program uses: newest_rule_file(rules_dir), loaded with
  // load_file; Error(bad_input) if the file's "version" differs from the N
  // in its name (a copied file whose version was not raised, or the reverse).
  static RuleSet load_newest(const std::filesystem::path& rules_dir);

  [[nodiscard]] const std::string& id() const;
  [[nodiscard]] int version() const;
  [[nodiscard]] std::vector<RuleSummary> rules() const;
  // A value from the file's "parameters" block; Error(not_found) if absent.
  [[nodiscard]] int parameter(const std::string& name) const;

  [[nodiscard]] Evaluation evaluate(const RuleContext& ctx) const;

  // The "closes_by" of `rule`'s action of `kind`; nullopt when it has none
  // (the action stays open until someone closes it) or there is no such action.
  [[nodiscard]] std::optional<ClosesBy> closes_by(std::string_view rule, ActionKind kind) const;

  struct Compiled;  // the validated, compiled form (rule_set.cpp)

 private:
  explicit RuleSet(std::shared_ptr<const Compiled> compiled) : m_compiled(std::move(compiled)) {}
  std::shared_ptr<const Compiled> m_compiled;  // immutable; shared by copies
};

// The file named rules-v<N>.json (N a whole number from 1, no leading zero)
// with the highest N in `rules_dir`; other names are ignored. Error(not_found)
// naming the folder if there is none, Error(io) if it cannot be listed.
std::filesystem::path newest_rule_file(const std::filesystem::path& rules_dir);

// Natural order of rule ids: "R2" < "R5a" < "R5b" < "R10".
bool rule_id_less(std::string_view a, std::string_view b);

}  // namespace doorstep

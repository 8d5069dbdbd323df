// actions [CRN], action done / dismiss.
#include <fmt/core.h>

#include "commands.hpp"
#include "casework/casework.hpp"
#include "domain/oversight.hpp"
#include "common/program_edge.hpp"
#include "domain/json_codec.hpp"
#include "rule_assets.hpp"
#include "standing_review.hpp"
#include "util/error.hpp"

namespace doorstep::cli {
namespace {

// What the office said about this device's officer at enrollment.
bool officer_is_manager(Store& store) { return store.meta("officer.is_manager").value_or("0") == "1"; }

}  // namespace

void add_action_commands(CLI::App& app, CliSession& session) {
  auto* actions = app.add_subcommand("actions", "List follow-up actions (open first, most urgent first)");
  auto crn = std::make_shared<std::string>();
  auto all = std::make_shared<bool>(false);
  actions->add_option("CRN", *crn, "Only this case");
  actions->add_flag("--all", *all, "Include done and dismissed actions");
  actions->callback([&session, crn, all] {
    Store store = session.open_store();
    if (!crn->empty()) (void)store.get_case(*crn);
    const auto list = store.list_actions(crn->empty() ? std::nullopt : std::optional<std::string_view>(*crn), !*all);
    if (session.options().json) {
      auto arr = nlohmann::json::array();
      for (const auto& a : list) arr.push_back(to_json(a));
      CliSession::print_json({{"actions", arr}});
      return;
    }
    if (list.empty()) {
      cmdline::show("No {}follow-up actions.\n", *all ? "" : "open ");
      return;
    }
    for (const auto& a : list) {
      cmdline::show("{} {} [{}] {} due {} ({}, {})\n", a.id, a.crn, to_string(a.priority), to_string(a.kind),
                 a.due.to_string(), a.rule, to_string(a.status));
      for (const auto& r : a.reasons) cmdline::show("    {}\n", r);
      if (a.outcome) cmdline::show("    outcome: {}\n", *a.outcome);
      if (a.dismiss_reason) cmdline::show("    dismissed: {}\n", *a.dismiss_reason);
    }
  });

  auto* action = app.add_subcommand("action", "Close a follow-up action");
  action->require_subcommand(1);
  auto* done = action->add_subcommand(
      "done", "Mark an action done, with its outcome; a csc_check / police_da_check follow-up records the check");
  auto done_id = std::make_shared<std::string>();
  auto outcome = std::make_shared<std::string>();
  auto result = std::make_shared<std::string>();
  auto requested = std::make_shared<bool>(false);
  done->add_option("ID", *done_id, "The action's id")->required();
  done->add_option("--outcome", *outcome, "What happened (for a check: what the agency said)");
  done->add_option("--result", *result, "A check follow-up: the check's coded answer, " + enum_choices<CheckResult>());
  done->add_flag("--requested", *requested, "A check follow-up: the check was requested today, awaiting reply");
  done->callback([&session, done_id, outcome, result, requested] {
    Store store = session.open_store();
    const Action before = store.get_action(*done_id);
    require_may_decide(before, officer_is_manager(store));
    if (!check_kind_for(before.kind)) {
      if (!result->empty() || *requested)
        throw Error(ErrorCode::usage, "--result and --requested are for check follow-ups; this is " +
                                          std::string(to_string(before.kind)));
      if (outcome->empty()) throw Error(ErrorCode::usage, "say what the outcome was (--outcome)");
      const Action a = store.complete_action(*done_id, *outcome);
      cmdline::show("Action {} ({}) done: {}\n", a.id, to_string(a.kind), *outcome);
      return review_after_write(store, session.clock(), a.crn, false);
    }
    // No "done" without the check (rules.md): record it, then close.
    if (result->empty() && !*requested && outcome->empty())
      throw Error(ErrorCode::usage, "a " + std::string(to_string(before.kind)) +
                                        " follow-up is closed by recording the check: give --result R (and "
                                        "--outcome), or --requested when it is asked for and awaiting reply");
    if (*requested && !result->empty()) throw Error(ErrorCode::usage, "--requested or --result, not both");
    const auto coded = result->empty() ? std::nullopt : std::optional(parse_enum<CheckResult>(*result, "--result"));
    const RuleSet rules = load_rule_set();
    Casework casework(store, rules, session.clock());
    const Action a = casework.complete_with_check(*done_id, utc_date(session.clock().now_utc_ms()), coded,
                                                  outcome->empty() ? std::nullopt : std::optional(*outcome));
    cmdline::show("Action {} ({}) done: {}\n", a.id, to_string(a.kind), a.outcome.value_or(""));
  });

  auto* dismiss = action->add_subcommand("dismiss", "Dismiss an action, with a reason");
  auto dismiss_id = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  dismiss->add_option("ID", *dismiss_id, "The action's id")->required();
  dismiss->add_option("--reason", *reason, "Why it is not needed")->required();
  dismiss->callback([&session, dismiss_id, reason] {
    Store store = session.open_store();
    require_may_decide(store.get_action(*dismiss_id), officer_is_manager(store));
    const Action a = store.dismiss_action(*dismiss_id, *reason);
    cmdline::show("Action {} ({}) dismissed: {}\n", a.id, to_string(a.kind), *reason);
    review_after_write(store, session.clock(), a.crn, false);
  });

  auto* oversight = app.add_subcommand("oversight", "Manager oversight: countersign with `action done`, or send back");
  oversight->require_subcommand(1);
  auto* send_back = oversight->add_subcommand(
      "send-back", "Return the work to the case officer with your reason; the oversight stays open until you countersign");
  auto back_id = std::make_shared<std::string>();
  auto back_reason = std::make_shared<std::string>();
  send_back->add_option("ID", *back_id, "The manager_oversight action's id")->required();
  send_back->add_option("--reason", *back_reason, "What the officer must do first")->required();
  send_back->callback([&session, back_id, back_reason] {
    Store store = session.open_store();
    require_may_decide(store.get_action(*back_id), officer_is_manager(store));
    const Action a = store.send_back_oversight(*back_id, *back_reason);
    if (session.options().json) return CliSession::print_json(to_json(a));
    cmdline::show("Sent back: the officer gets follow-up {} ({}), due {}. Action {} stays open for your countersignature.\n",
                  a.id, to_string(a.kind), a.due.to_string(), *back_id);
  });
}

}  // namespace doorstep::cli

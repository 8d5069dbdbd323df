// Store: follow-up actions. A raise for a (case, rule, kind) that already
// has an open action merges into it (domain/action_merge.hpp): never
// duplicated (rules.md). The schema's partial unique index enforces it.
#include "domain/action_merge.hpp"
#include "domain/json_codec.hpp"
#include "domain/oversight.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {
namespace {

constexpr const char* kActionColumns =
    "SELECT id, crn, kind, priority, due, rule, reasons, status, outcome, dismiss_reason, visit_id, created_at, hlc"
    " FROM actions";

Action read_action(const Statement& st) {
  Action a;
  a.id = st.text(0);
  a.crn = st.text(1);
  a.kind = enum_column<ActionKind>(st, 2, "actions.kind");
  a.priority = enum_column<Priority>(st, 3, "actions.priority");
  a.due = Date::parse(st.text(4), "actions.due");
  a.rule = st.text(5);
  a.reasons = nlohmann::json::parse(st.text(6)).get<std::vector<std::string>>();
  a.status = enum_column<ActionStatus>(st, 7, "actions.status");
  a.outcome = st.optional_text(8);
  a.dismiss_reason = st.optional_text(9);
  a.visit_id = st.optional_text(10);
  a.created_at = st.int64(11);
  a.hlc = static_cast<HlcValue>(st.int64(12));
  return a;
}

void save_action(Store::Write& w, const Action& a, bool insert) {
  auto st = w.db().prepare(
      insert ? "INSERT INTO actions(id, crn, kind, priority, due, rule, reasons, status, outcome, dismiss_reason,"
               " visit_id, closed_by, created_at, updated_at, hlc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)"
             : "UPDATE actions SET priority=?4, due=?5, reasons=?7, status=?8, outcome=?9, dismiss_reason=?10,"
               " closed_by=?12, updated_at=?14, hlc=?15 WHERE id=?1 AND crn=?2 AND kind=?3 AND rule=?6"
               " AND coalesce(visit_id, '') = coalesce(?11, '') AND created_at=?13");
  st.bind(1, a.id).bind(2, a.crn).bind(3, to_string(a.kind)).bind(4, to_string(a.priority));
  st.bind(5, a.due.to_string()).bind(6, a.rule).bind(7, nlohmann::json(a.reasons).dump());
  st.bind(8, to_string(a.status)).bind(9, a.outcome).bind(10, a.dismiss_reason).bind(11, a.visit_id);
  st.bind(12, a.status == ActionStatus::open ? std::nullopt : std::optional(w.identity().officer_id));
  st.bind(13, a.created_at).bind(14, w.now()).bind(15, w.hlc());
  st.run();
  w.record("action", a.id, "upsert", to_json(a));
}

}  // namespace

Action Store::insert_or_merge_action(Write& w, std::string_view crn, const RaisedAction& raised,
                                     const std::optional<std::string>& visit_id) {
  auto st = w.db().prepare(std::string(kActionColumns) +
                           " WHERE crn = ?1 AND rule = ?2 AND kind = ?3 AND status = 'open'");
  st.bind(1, crn).bind(2, raised.rule).bind(3, to_string(raised.kind));
  if (st.step()) {
    Action a = read_action(st);
    merge_into(a, raised);
    a.hlc = w.hlc();
    save_action(w, a, false);
    return a;
  }
  Action a;
  a.id = make_uuid_v7(w.now());
  a.crn = crn;
  a.kind = raised.kind;
  a.priority = raised.priority;
  a.due = raised.due;
  a.rule = raised.rule;
  a.reasons = {raised.reason};
  a.visit_id = visit_id;
  a.created_at = w.now();
  a.hlc = w.hlc();
  save_action(w, a, true);
  return a;
}

std::vector<Action> Store::raise_actions(std::string_view crn, std::span<const RaisedAction> raised,
                                         std::optional<std::string> visit_id) {
  (void)get_case(crn);
  return write("raise actions", [&](Write& w) {
    std::vector<Action> out;
    for (const auto& r : raised) out.push_back(insert_or_merge_action(w, crn, r, visit_id));
    return out;
  });
}

std::vector<Action> Store::save_standing_actions(std::string_view crn, std::span<const Action> created,
                                                 std::span<const Action> updated) {
  if (created.empty() && updated.empty()) return {};
  return write("standing actions", [&](Write& w) {
    std::vector<Action> out;
    const auto save = [&](std::span<const Action> list, bool insert) {
      for (Action a : list) {
        if (a.crn != crn) throw Error(ErrorCode::bad_input, "action.crn: a standing action of another case");
        if (insert) a.created_at = w.now();
        a.hlc = w.hlc();
        save_action(w, a, insert);
        out.push_back(std::move(a));
      }
    };
    save(created, true);
    save(updated, false);
    return out;
  });
}

std::vector<Action> Store::list_actions(std::optional<std::string_view> crn, bool open_only) {
  std::string sql = std::string(kActionColumns) + " WHERE (?1 IS NULL OR crn = ?1)";
  if (open_only) sql += " AND status = 'open'";
  sql += " ORDER BY status = 'open' DESC, CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,"
         " due, crn, kind";
  auto st = m_db.prepare(sql);
  if (crn) st.bind(1, *crn);
  std::vector<Action> out;
  while (st.step()) out.push_back(read_action(st));
  return out;
}

Action Store::get_action(std::string_view action_id) {
  auto st = m_db.prepare(std::string(kActionColumns) + " WHERE id = ?1");
  st.bind(1, action_id);
  if (!st.step()) throw Error(ErrorCode::not_found, "no action " + std::string(action_id) + " in this store");
  return read_action(st);
}

Action Store::complete_action(std::string_view action_id, std::string outcome) {
  if (outcome.empty()) throw Error(ErrorCode::bad_input, "say what the outcome was (--outcome)");
  Action a = get_action(action_id);
  if (a.status != ActionStatus::open)
    throw Error(ErrorCode::conflict, "action " + a.id + " is already " + std::string(to_string(a.status)));
  return write("complete action", [&](Write& w) {
    a.status = ActionStatus::done;
    a.outcome = std::move(outcome);
    a.hlc = w.hlc();
    save_action(w, a, false);
    return a;
  });
}

Action Store::send_back_oversight(std::string_view action_id, std::string_view reason) {
  const Action oversight = get_action(action_id);
  return write("send back oversight", [&](Write& w) {
    Action a = sent_back_follow_up(oversight, reason, w.identity().officer_id, utc_date(w.now()));
    a.id = make_uuid_v7(w.now());
    a.created_at = w.now();
    a.hlc = w.hlc();
    save_action(w, a, true);
    return a;
  });
}

Action Store::dismiss_action(std::string_view action_id, std::string reason) {
  if (reason.empty()) throw Error(ErrorCode::bad_input, "a dismissal needs a reason (--reason)");
  Action a = get_action(action_id);
  if (a.status != ActionStatus::open)
    throw Error(ErrorCode::conflict, "action " + a.id + " is already " + std::string(to_string(a.status)));
  return write("dismiss action", [&](Write& w) {
    a.status = ActionStatus::dismissed;
    a.dismiss_reason = std::move(reason);
    a.hlc = w.hlc();
    save_action(w, a, false);
    return a;
  });
}

}  // namespace doorstep

#include "office/office_forms.hpp"

#include <algorithm>

#include "domain/json_codec.hpp"
#include "util/error.hpp"

namespace doorstep::office {
namespace {

// A byte below 0x20 or DEL: never part of a name (UTF-8 text is allowed).
bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Runs `parse` and files its Error under `field`.
template <class F>
void field(FieldErrors& errors, const std::string& name, F&& parse) {
  try {
    parse();
  } catch (const Error& e) {
    errors[name] = e.what();
  }
}

}  // namespace

CaseUpdateForm parse_case_update_form(const FormFields& form) {
  CaseUpdateForm out;
  // One field at a time through the CLI's parser, so each error sits beside its field.
  const auto one = [&](const std::string& name, std::string CaseUpdateText::*member) {
    CaseUpdateText t;
    t.*member = form.get(name);
    field(out.errors, name, [&] {
      const CaseUpdate u = parse_case_update(t);
      if (u.rosh) out.update.rosh = u.rosh;
      if (u.rosh_reviewed) out.update.rosh_reviewed = u.rosh_reviewed;
      if (u.child_protection) out.update.child_protection = u.child_protection;
      if (u.cp_next_meeting) out.update.cp_next_meeting = u.cp_next_meeting;
      if (u.cp_report_sent) out.update.cp_report_sent = u.cp_report_sent;
      if (u.mappa_level) out.update.mappa_level = u.mappa_level;
      if (u.mappa_eligible) out.update.mappa_eligible = u.mappa_eligible;
      if (u.domestic_abuse_perpetrator) out.update.domestic_abuse_perpetrator = u.domestic_abuse_perpetrator;
    });
  };
  one("rosh", &CaseUpdateText::rosh);
  one("rosh_reviewed", &CaseUpdateText::rosh_reviewed);
  one("cp", &CaseUpdateText::cp);
  one("cp_next_meeting", &CaseUpdateText::cp_next_meeting);
  one("cp_report_sent", &CaseUpdateText::cp_report_sent);
  one("mappa", &CaseUpdateText::mappa);
  one("mappa_eligible", &CaseUpdateText::mappa_eligible);
  one("da", &CaseUpdateText::da);
  const auto alert = [&](const std::string& name, std::vector<std::string>& into) {
    const std::string text = form.get(name);
    if (text.empty()) return;
    if (text.size() > 200) {
      out.errors[name] = name + ": an alert is at most 200 characters";
      return;
    }
    CaseUpdateText t;
    (name == "add_alert" ? t.add_alerts : t.remove_alerts).push_back(text);
    field(out.errors, name, [&] { (void)parse_case_update(t); into.push_back(text); });
  };
  alert("add_alert", out.update.add_alerts);
  alert("remove_alert", out.update.remove_alerts);
  if (out.errors.empty() && out.update.empty()) out.errors["form"] = "nothing to change: fill in at least one field";
  return out;
}

CheckForm parse_check_form(const FormFields& form) {
  CheckForm out;
  auto& r = out.record;
  const std::string reply_to = form.get("reply_to");
  if (!reply_to.empty()) {
    if (reply_to.size() > 64) out.errors["reply_to"] = "reply_to: not a check id";
    r.reply_to = reply_to;
  } else {
    field(out.errors, "kind", [&] { r.check.kind = parse_enum<CheckKind>(form.get("kind"), "kind"); });
  }
  field(out.errors, "date", [&] { r.check.date = Date::parse(form.get("date"), "date"); });
  if (const std::string result = form.get("result"); !result.empty())
    field(out.errors, "result", [&] { r.check.result = parse_enum<CheckResult>(result, "result"); });
  if (const std::string outcome = form.get("outcome"); !outcome.empty()) {
    if (outcome.size() > 2000) {
      out.errors["outcome"] = "outcome: at most 2000 characters";
    } else {
      r.check.outcome = outcome;
    }
  }
  if (r.reply_to && !r.check.answered() && !out.errors.contains("result"))
    out.errors["result"] = "result: a reply needs a result";
  return out;
}

OfficerForm parse_officer_form(const FormFields& form, bool with_id) {
  OfficerForm out;
  auto& o = out.officer;
  if (with_id) {
    o.id = form.get("id");
    if (o.id.empty() || o.id.size() > 64 || o.id.find_first_of(" /?#&%<>\"'") != std::string::npos)
      out.errors["id"] = "id: 1 to 64 characters, no spaces or / ? # & % < > quotes";
  }
  o.name = form.get("name");
  if (o.name.find_first_not_of(" \t") == std::string::npos || o.name.size() > 200)
    out.errors["name"] = "name: 1 to 200 characters, not only spaces";
  else if (has_control_character(o.name))
    out.errors["name"] = "name: no control characters (tabs, line breaks...)";
  const std::string team = form.get("team");
  if (team.size() > 64) out.errors["team"] = "team: at most 64 characters";
  else if (has_control_character(team))
    out.errors["team"] = "team: no control characters (tabs, line breaks...)";
  if (!team.empty()) o.team = team;
  o.is_manager = form.get("manager") == "yes";
  return out;
}

PasswordForm parse_password_form(const FormFields& form) {
  PasswordForm out;
  out.password = form.get("password");
  if (out.password.empty() || out.password.size() > 1024) out.errors["password"] = "password: 1 to 1024 characters";
  else if (form.get("password_again") != out.password) out.errors["password_again"] = "password_again: the two passwords differ";
  return out;
}

DecisionForm parse_decision_form(const FormFields& form, const std::string& field, bool required) {
  DecisionForm out;
  out.text = form.get(field);
  if (required && out.text.find_first_not_of(" \t\r\n") == std::string::npos)
    out.errors[field] = field + ": say why";
  if (out.text.size() > 2000) out.errors[field] = field + ": at most 2000 characters";
  return out;
}

}  // namespace doorstep::office

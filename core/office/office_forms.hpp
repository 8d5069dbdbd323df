#pragma once
// The console's office-side edit forms, validated with the same parsing the
// CLI uses (parse_case_update, parse_enum, Date::parse): each bad field gets
// its own message, keyed by the form field's name, and nothing is written
// while any field is bad.
#include <map>
#include <string>

#include "office/case_update.hpp"
#include "office/form_fields.hpp"
#include "office/office_store.hpp"

namespace doorstep::office {

using FieldErrors = std::map<std::string, std::string>;  // form field name -> message

// Fields: rosh, rosh_reviewed, cp, cp_next_meeting, cp_report_sent, mappa,
// mappa_eligible, da (each "" = unchanged), add_alert, remove_alert.
struct CaseUpdateForm {
  CaseUpdate update;
  FieldErrors errors;
};
CaseUpdateForm parse_case_update_form(const FormFields& form);

// Fields: kind (csc_check / police_da_check), date (YYYY-MM-DD), result
// (optional coded answer), outcome (optional text, at most 2000 bytes),
// reply_to (optional: the id of the requested check this answers).
struct CheckForm {
  CheckRecord record;  // id left empty: the caller assigns one
  FieldErrors errors;
};
CheckForm parse_check_form(const FormFields& form);

// Fields: id (1..64 characters, on add only), name (1..200, not only
// spaces, no control characters), team (0..64, no control characters; ""
// for none), manager ("yes" when ticked). Adding and changing an officer
// (name, team, manager flag) from the admin page both parse this.
struct OfficerForm {
  Officer officer;
  FieldErrors errors;
};
OfficerForm parse_officer_form(const FormFields& form, bool with_id);

// Fields: password, password_again (must match; the passphrase policy is
// checked when hashing).
struct PasswordForm {
  std::string password;
  FieldErrors errors;
};
PasswordForm parse_password_form(const FormFields& form);

// Decisions on a visit awaiting countersignature: text (1..2000 characters)
// in `comment` (approve) or `reason` (send back; required).
struct DecisionForm {
  std::string text;
  FieldErrors errors;
};
DecisionForm parse_decision_form(const FormFields& form, const std::string& field, bool required);

}  // namespace doorstep::office

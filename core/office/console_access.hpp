#pragma once
// Who sees what in the console (issue 11):
//   an officer sees their own caseload;
//   a manager sees their team's (officers with the same team, and their own);
//   an administrator manages officers, devices and enrolment, and sees no
//   case content unless they are also a manager.
// A case outside what the viewer sees is answered as if it did not exist.
#include <string>
#include <string_view>
#include <vector>

#include "office/office_store.hpp"

namespace doorstep::office {

struct Viewer {
  Officer officer;
  bool is_admin = false;
};

// "officer", "manager", "admin" or "manager, admin": for the page header.
std::string role_label(const Viewer& v);
// Whether the viewer may see any case content at all.
bool sees_case_content(const Viewer& v);
// The officers whose caseloads the viewer sees (ids, in `all`'s order).
std::vector<std::string> visible_officers(const Viewer& v, const std::vector<Officer>& all);
// Whether the viewer sees a case assigned to `case_officer`.
bool may_view_case(const Viewer& v, std::string_view case_officer, const std::vector<Officer>& all);
// Whether the viewer decides manager oversight (countersign, send back) on
// a case of `case_officer`: a manager of that officer's team, not the case
// officer (the tablets' and the office's rule: office/case_authority.hpp).
bool may_decide_oversight(const Viewer& v, const Officer& case_officer);

}  // namespace doorstep::office

#include "office/console_access.hpp"

#include <algorithm>

namespace doorstep::office {

std::string role_label(const Viewer& v) {
  std::string r = v.officer.is_manager ? "manager" : (v.is_admin ? "" : "officer");
  if (v.is_admin) r += r.empty() ? "admin" : ", admin";
  return r;
}

bool sees_case_content(const Viewer& v) { return v.officer.is_manager || !v.is_admin; }

std::vector<std::string> visible_officers(const Viewer& v, const std::vector<Officer>& all) {
  std::vector<std::string> out;
  if (!sees_case_content(v)) return out;
  for (const auto& o : all) {
    const bool same_team = v.officer.is_manager && v.officer.team && o.team == v.officer.team;
    if (o.id == v.officer.id || same_team) out.push_back(o.id);
  }
  return out;
}

bool may_view_case(const Viewer& v, std::string_view case_officer, const std::vector<Officer>& all) {
  const auto ids = visible_officers(v, all);
  return std::find(ids.begin(), ids.end(), case_officer) != ids.end();
}

bool may_decide_oversight(const Viewer& v, const Officer& case_officer) {
  return v.officer.is_manager && v.officer.team && case_officer.team == v.officer.team &&
         case_officer.id != v.officer.id;
}

}  // namespace doorstep::office

#pragma once
// The small team's cases used by end-to-end tests (invented people): Ana's
// A100001 (high RoSH, CP plan, DA, a child in the household) and A100002,
// and Bo's B100001.
namespace doorstep::test {

inline const char* const kCases = R"([
  {"crn": "A100001", "name": "Alan Able", "rosh": "high", "mappa_level": "none", "child_protection": "cp_plan",
   "cp_next_meeting": "2026-04-01", "domestic_abuse_perpetrator": true,
   "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
   "household": [{"name": "Kim", "relationship": "child", "age": 4}], "victims": [],
   "restrictions": ["no_contact_condition"], "alerts": ["officer safety: dog at the address"], "checks": []},
  {"crn": "A100002", "name": "Amy Apple", "rosh": "medium", "mappa_level": "none", "child_protection": "none",
   "domestic_abuse_perpetrator": false,
   "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
   "household": [], "victims": [], "restrictions": [], "alerts": [], "checks": []}
])";
inline const char* const kBoCase = R"({"crn": "B100001", "name": "Bea Bell", "rosh": "low", "mappa_level": "none",
   "child_protection": "none", "domestic_abuse_perpetrator": false,
   "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
   "household": [], "victims": [], "restrictions": [], "alerts": [], "checks": []})";

}  // namespace doorstep::test

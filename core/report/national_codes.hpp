#pragma once
// The national case system's contact codes for what Doorstep records
// (../shared/domain/national-systems.md), so an export can be filed there:
//   manager oversight countersigned: MO8 "Management oversight - home visit
//     risk assessment" when it is about a visit, else MO1 "Management
//     oversight";
//   children's social care check: SFGC "Safeguarding enquiries requested",
//     SFRR "... response received";
//   police DA callout check: C369 "Police intelligence enquiries -
//     requested", C515 "... response received";
//   home visit: COHV for an initial home visit, else CHVS "Home Visit to Case".
#include <optional>
#include <string>

#include "domain/model.hpp"

namespace doorstep {

struct NationalContact {
  std::string code;
  std::string description;
};

// The contact an action files as; nullopt for actions that file none (only
// a countersigned manager_oversight does).
std::optional<NationalContact> national_contact(const Action& a);
// A check's contact: the response code once answered, else the request's.
NationalContact national_contact(const Check& c);
NationalContact national_contact(const Visit& v);

}  // namespace doorstep

#include "report/national_codes.hpp"

namespace doorstep {

std::optional<NationalContact> national_contact(const Action& a) {
  if (a.kind != ActionKind::manager_oversight || a.status != ActionStatus::done) return std::nullopt;
  if (a.visit_id) return NationalContact{"MO8", "Management oversight - home visit risk assessment"};
  return NationalContact{"MO1", "Management oversight"};
}

NationalContact national_contact(const Check& c) {
  if (c.kind == CheckKind::csc_check)
    return c.answered() ? NationalContact{"SFRR", "Safeguarding enquiries response received"}
                        : NationalContact{"SFGC", "Safeguarding enquiries requested"};
  return c.answered() ? NationalContact{"C515", "Police intelligence enquiries - response received"}
                      : NationalContact{"C369", "Police intelligence enquiries - requested"};
}

NationalContact national_contact(const Visit& v) {
  if (v.kind == VisitKind::initial) return {"COHV", "Initial appointment - home visit"};
  return {"CHVS", "Home Visit to Case"};
}

}  // namespace doorstep

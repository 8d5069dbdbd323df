#pragma once
// The whole visit, read from a device's store, as a manager reads it before
// deciding oversight (report/visit_detail.hpp): `doorstep-cli visit show`
// and the field app's Oversight screen both show this.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "checklist/checklist_template.hpp"
#include "store/store.hpp"

namespace doorstep {

struct VisitDetailText {
  std::string crn;
  std::string markdown;
  nlohmann::json json;
};

// The visit `visit_id`, looked up in case `crn` when given (else in every
// case), with the checklist's question texts. Error(not_found) naming the
// visit when this device does not hold it.
VisitDetailText load_visit_detail(Store& store, std::string_view visit_id, const ChecklistTemplate& checklist,
                                  std::optional<std::string_view> crn = std::nullopt);

}  // namespace doorstep

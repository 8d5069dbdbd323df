#include "visit_recording.hpp"

namespace doorstep::cli {

RecordedVisit record_finished_visit(Store& store, std::string_view crn, Visit visit, const Clock& /*clock*/) {
  // The rules engine joins here with issue 3; until then a visit raises no actions.
  return store.record_visit(crn, std::move(visit), {}, {});
}

}  // namespace doorstep::cli

#pragma once
// Recording a finished visit: the one place the CLI joins the store and the
// rules, so every program records visits the same way.
#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep::cli {

RecordedVisit record_finished_visit(Store& store, std::string_view crn, Visit visit, const Clock& clock);

}  // namespace doorstep::cli

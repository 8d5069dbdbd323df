#pragma once
// Demo data for a store that is not enrolled with an office: a small,
// realistic caseload (clearly labelled "demo" in the app) and a large
// synthetic one for the idle-CPU and frame-cost measurements. Fictional
// people only. Dates are relative to `today` so the follow-ups the rules
// raise are due, overdue or upcoming as they would be in practice.
#include <vector>

#include "casework/casework.hpp"
#include "domain/model.hpp"
#include "store/store.hpp"

namespace doorstep::field {

std::vector<Case> demo_cases(Date today);

// Imports demo_cases() and runs the standing rules on each (Casework::
// review_case) so the caseload opens with its follow-ups; adds a few notes.
// Marks the store meta "demo" = "1". Returns the number of cases.
int import_demo_caseload(Store& store, Casework& casework, Date today);

// `case_count` synthetic cases with `note_count` notes spread over them,
// plus the standing follow-ups. For measurements: turns the store's
// synchronous writes off for the duration (durability is not the point of
// a synthetic load) and back on at the end.
void seed_large_caseload(Store& store, Casework& casework, Date today, int case_count, int note_count);

}  // namespace doorstep::field

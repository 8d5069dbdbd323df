#pragma once
// The CLI keeps Today true: after every write to a case and after every
// sync it runs the standing rules (Casework::review_case), and says what
// they raised or closed by themselves.
#include <string_view>

#include "store/store.hpp"
#include "util/clock.hpp"

namespace doorstep::cli {

// Reviews one case after a write. Prints each action raised, updated or
// closed unless `quiet` (JSON output keeps stdout to one document).
void review_after_write(Store& store, const Clock& clock, std::string_view crn, bool quiet);
// Reviews every case on the device (after a sync); returns how many
// actions were written.
int review_caseload(Store& store, const Clock& clock, bool quiet);

}  // namespace doorstep::cli

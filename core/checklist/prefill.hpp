#pragma once
// Answers the app fills in from the case before the officer starts, so the
// checklist's skip logic can stay over answers alone. The officer confirms
// or changes them at the door.
#include "domain/model.hpp"

namespace doorstep {

// children_live_at_address: "yes" when the case lists a child living at the
// address (household child not marked elsewhere, or a child victim marked
// living there), else "no".
Answers prefill_answers(const Case& c);

}  // namespace doorstep

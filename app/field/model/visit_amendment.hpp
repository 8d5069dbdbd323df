#pragma once
// Correcting a finished visit from the case screen: the amendment the officer
// fills in (why, and what was wrong: answers and/or text), what still stops
// it being saved, and saving it through Store::amend_visit (insert-only; the
// visit itself never changes; it syncs as a `note`).
#include <string>
#include <vector>

#include "checklist/checklist_template.hpp"
#include "domain/model.hpp"
#include "store/store.hpp"

namespace doorstep::field {

struct AmendmentDraft {
  std::string visit_id;
  std::string reason;
  std::string text;
  Answers corrected;  // fact -> the right value; only values that differ from the visit's
};

// A yes / no / not known question the visit answered, which an amendment can correct.
struct CorrectableAnswer {
  std::string fact;
  std::string question;  // the checklist's wording
  std::string recorded;  // "yes", "no" or "unknown", as the visit recorded it
};
std::vector<CorrectableAnswer> correctable_answers(const Visit& v, const ChecklistTemplate& checklist);

// Records `value` as the right answer to `fact`; the value the visit
// recorded removes the correction again.
void set_correction(AmendmentDraft& d, const Visit& v, const std::string& fact, const std::string& value);

// What stops saving, in English msgids the screen translates (empty: ready):
// a reason, and a correction (an answer or text).
std::vector<std::string> amendment_blockers(const AmendmentDraft& d);

// Stores the amendment (Error(bad_input) as Store::amend_visit).
Note save_amendment(Store& store, const AmendmentDraft& d);

}  // namespace doorstep::field

#pragma once
// The visit in progress. Everything the officer types is saved as it is
// typed: the draft lives in the store's meta table (encrypted with the rest
// of the store) under "draft.visit.<CRN>", written on every change, so a
// crash, a flat battery or an auto-lock never loses it. Finishing the visit
// stores it through Casework::finish_visit and deletes the draft.
//
// The draft's JSON is deliberately lenient (a person without a name yet, a
// note still empty): it holds work in progress, not a record. Only
// to_visit() produces a record, and finish_blockers() says what stops it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "checklist/checklist_template.hpp"
#include "domain/model.hpp"
#include "store/store.hpp"

namespace doorstep::field {

struct VisitDraft {
  std::string crn;
  Date date;
  VisitKind kind = VisitKind::repeat;
  VisitOutcome outcome = VisitOutcome::completed;
  Answers answers;
  std::vector<Person> people_present;
  std::vector<NoteDraft> notes;
  int section = 0;  // the checklist section on screen
};

// A new draft for `c` today: answers pre-filled from the case (prefill.hpp).
VisitDraft start_draft(const Case& c, Date today, const std::vector<Visit>& earlier_visits);

nlohmann::json draft_to_json(const VisitDraft& d);
// Skips what it cannot read (an old or damaged draft must never block the app).
VisitDraft draft_from_json(const nlohmann::json& j);

std::string draft_meta_key(std::string_view crn);
std::optional<VisitDraft> load_draft(Store& store, std::string_view crn);
void save_draft(Store& store, const VisitDraft& d);
void clear_draft(Store& store, std::string_view crn);

// What must be done before the visit can be finished, in words (empty: ready).
// A completed visit needs every visible required item answered; a visit with
// no access or refused needs none. Notes need text; people need a name.
std::vector<std::string> finish_blockers(const VisitDraft& d, const ChecklistTemplate& checklist);

// The record: answers to hidden items are dropped (the officer changed their
// mind), people and notes copied, the template id and version stamped.
Visit to_visit(const VisitDraft& d, const ChecklistTemplate& checklist);

}  // namespace doorstep::field

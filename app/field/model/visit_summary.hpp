#pragma once
// The page between "Finish" and the record: everything the officer is about
// to store, in words, and what the rules will raise. Every visible question
// with its answer ("No" and "Not known" included, "not answered" for a gap),
// the people present, the notes, and the follow-ups with their rule and
// reason, computed by the rules engine in the core (Casework::preview: the
// same evaluation finish_visit runs, nothing stored). No ImGui here.
#include <string>
#include <vector>

#include "casework/casework.hpp"
#include "checklist/checklist_template.hpp"
#include "model/visit_draft.hpp"

namespace doorstep::field {

struct SummaryAnswer {
  std::string fact;
  std::string question;
  std::string answer;  // "" when not answered
  bool required = false;
};

struct SummarySection {
  int index = 0;  // the section's index in the template (to go back to it)
  std::string title;
  SectionProgress progress;
  std::vector<SummaryAnswer> answers;  // visible items only
};

struct VisitSummary {
  std::vector<SummarySection> sections;
  std::vector<Person> people;
  std::vector<NoteDraft> notes;
  std::vector<RaisedAction> follow_ups;  // what finishing will raise, urgent first
  std::vector<std::string> blockers;     // finish_blockers: empty when it can be confirmed
};

// Throws what Casework::preview throws (e.g. the case is gone).
VisitSummary summarise_visit(const VisitDraft& draft, const ChecklistTemplate& checklist, Casework& casework);

// An answer in words: option labels for choices (joined with ", ", in the UI
// language like the section titles and questions), the number, the date or
// the text as typed; "" when there is none.
std::string answer_in_words(const Item& item, const Answers& answers);

}  // namespace doorstep::field

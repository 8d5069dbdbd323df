#pragma once
// A visit: outcome and kind, the checklist section by section (skip logic
// live, required items marked), the people present, notes with category and
// severity, then Finish: the rules run (Casework::finish_visit) and the
// follow-ups they raised are shown with their reasons before the officer
// leaves. The draft is saved to the store on every change (visit_draft.hpp).
#include <optional>
#include <string>

#include "model/visit_draft.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class VisitScreen {
 public:
  // Resumes the case's saved draft, or starts a new one.
  void open(App& app, const std::string& crn);
  void draw(App& app, UiRecorder& rec);
  // Drops the draft from memory (it stays saved in the store).
  void reset();
  [[nodiscard]] const std::optional<VisitDraft>& draft() const { return m_draft; }
  [[nodiscard]] const std::optional<RecordedVisit>& finished() const { return m_finished; }
  [[nodiscard]] const std::string& crn() const { return m_crn; }

 private:
  void save(App& app);
  void draw_item(App& app, UiRecorder& rec, const Item& item);
  void draw_people(App& app, UiRecorder& rec);
  void draw_notes(App& app, UiRecorder& rec);
  void draw_finished(App& app, UiRecorder& rec);
  void finish(App& app);

  std::string m_crn;
  std::string m_case_name;
  std::optional<VisitDraft> m_draft;
  std::optional<RecordedVisit> m_finished;
  std::string m_error;
};

}  // namespace doorstep::field

#pragma once
// A visit: outcome and kind, the checklist section by section (named, with
// their progress: "Children 2/3"; skip logic live, required items marked),
// the people present, notes with category and severity, then the summary
// (model/visit_summary.hpp): every answer, the people, the notes and the
// follow-ups the rules will raise, with a way back to each section. Finish
// visit there runs the rules for real (Casework::finish_visit), shows what
// was raised and whether it has reached the office, and asks the app to
// sync. The draft is saved to the store on every change (visit_draft.hpp).
#include <map>
#include <optional>
#include <string>

#include "model/visit_draft.hpp"
#include "model/visit_summary.hpp"

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
  void draw_summary(App& app, UiRecorder& rec);
  void finish(App& app);

  std::string m_crn;
  std::string m_case_name;
  std::optional<VisitDraft> m_draft;
  std::optional<RecordedVisit> m_finished;
  std::string m_error;
  std::optional<VisitSummary> m_summary;  // recomputed after every change, when shown
  // Ages typed that are not a whole number 0..120, by person row: shown
  // with the error, not stored in the draft; finishing waits until fixed.
  std::map<std::size_t, std::string> m_bad_age;
  std::map<std::size_t, std::pair<std::string, std::string>> m_bad_dob;  // row -> (text as typed, problem)
};

}  // namespace doorstep::field

#pragma once
// A case: the briefing on top (officer-safety alerts first, in a banner that
// cannot be dismissed; restrictions and who they protect; the expected
// household with children by age; open follow-ups by priority; the last
// purposeful visit; missing checks), then the timeline of visits, checks, notes
// and actions, newest first (model/case_timeline.hpp). Each finished visit can
// be corrected there by an amendment (model/visit_amendment.hpp). The data is
// read from the store when the case opens or the store changes, never per frame.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "briefing/briefing.hpp"
#include "domain/model.hpp"
#include "model/case_timeline.hpp"
#include "model/visit_amendment.hpp"

namespace doorstep::field {

class App;
class UiRecorder;

class CaseScreen {
 public:
  void open(const std::string& crn) {
    m_crn = crn;
    m_loaded_generation = 0;
  }
  void draw(App& app, UiRecorder& rec);
  void reset();
  [[nodiscard]] const std::string& crn() const { return m_crn; }
  [[nodiscard]] const std::optional<Briefing>& briefing() const { return m_briefing; }

 private:
  void load(App& app);
  void draw_amendments(App& app, UiRecorder& rec);

  std::string m_crn;
  std::uint64_t m_loaded_generation = 0;
  std::optional<Case> m_case;
  std::optional<Briefing> m_briefing;
  std::vector<TimelineEntry> m_timeline;
  std::vector<Visit> m_visits;             // newest last, as the store lists them
  std::optional<AmendmentDraft> m_amend;   // the amendment being written, if any
  std::string m_amend_error;
  bool m_amend_saved = false;
  bool m_has_draft = false;
  std::string m_error;
};

}  // namespace doorstep::field

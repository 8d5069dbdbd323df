#pragma once
// Today / caseload: every case with its RoSH, child-protection and MAPPA
// badges and its next follow-up due; overdue and urgent first; a search box
// that matches name, CRN and note text. Rows are drawn with a list clipper,
// so a large caseload costs only the visible rows per frame.
#include <string>

namespace doorstep::field {

class App;
class UiRecorder;

class CaseloadScreen {
 public:
  void draw(App& app, UiRecorder& rec);
  void reset() { m_query.clear(); }

 private:
  std::string m_query;
};

}  // namespace doorstep::field

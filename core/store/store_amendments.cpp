// Store: amendments to finished visits. Insert-only (the schema's triggers
// refuse UPDATE and DELETE); the visit itself never changes. Each travels to
// the office as a `note` of kind amendment with the visit's id and no
// refers_to (docs/sync-protocol.md), so notes' rules apply to it there.
#include <algorithm>

#include "domain/facts.hpp"
#include "domain/json_codec.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"

namespace doorstep {
namespace {

constexpr std::size_t kMaxAmendmentReason = 10'000;
constexpr std::size_t kMaxAmendmentText = 100'000;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::bad_input, what); }

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

Note Store::amend_visit(std::string_view visit_id, std::string reason, std::string text, const Answers& corrected) {
  std::string crn;
  {
    auto st = m_db.prepare("SELECT crn FROM visits WHERE id = ?1");
    st.bind(1, visit_id);
    if (!st.step()) throw Error(ErrorCode::not_found, "no visit " + std::string(visit_id) + " in this store");
    crn = st.text(0);
  }
  if (blank(reason)) bad("amendment.reason: say why the visit is corrected");
  if (reason.size() > kMaxAmendmentReason) bad("amendment.reason: longer than " + std::to_string(kMaxAmendmentReason) + " bytes");
  if (text.size() > kMaxAmendmentText) bad("amendment.text: longer than " + std::to_string(kMaxAmendmentText) + " bytes");
  if (blank(text) && corrected.empty()) bad("amendment.text: write the correction, or correct an answer");
  for (const auto& [fact, value] : corrected) {
    const FactDef* def = find_visit_fact(fact);
    if (def == nullptr) bad("amendment.corrected_answers: unknown fact '" + fact.substr(0, 64) + "'");
    validate_fact_value(*def, value);
  }
  return write("amend visit", [&](Write& w) {
    Note n;
    n.crn = crn;
    n.visit_id = std::string(visit_id);
    n.kind = NoteKind::amendment;
    n.text = blank(text) ? std::string() : std::move(text);
    n.reason = std::move(reason);
    n.corrected_answers = corrected;
    return store_insert_note(w, std::move(n));
  });
}

std::vector<Note> Store::list_visit_amendments(std::string_view crn) {
  std::vector<Note> out;
  auto st = m_db.prepare(
      "SELECT id, crn, visit_id, category, text, reason, corrected_answers, author, device, created_at, hlc"
      " FROM visit_amendments WHERE crn = ?1 ORDER BY created_at, hlc, id");
  st.bind(1, crn);
  while (st.step()) {
    Note n;
    n.id = st.text(0);
    n.crn = st.text(1);
    n.visit_id = st.text(2);
    n.kind = NoteKind::amendment;
    n.category = enum_column<NoteCategory>(st, 3, "visit_amendments.category");
    n.text = st.text(4);
    n.reason = st.text(5);
    const auto corrected = nlohmann::json::parse(st.text(6));
    for (auto it = corrected.begin(); it != corrected.end(); ++it) n.corrected_answers.emplace(it.key(), it.value());
    n.author = st.text(7);
    n.device = st.text(8);
    n.created_at = st.int64(9);
    n.hlc = static_cast<HlcValue>(st.int64(10));
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace doorstep

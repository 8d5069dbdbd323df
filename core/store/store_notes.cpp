// Store: notes. Insert-only: amend and retract add rows pointing at the
// original (the schema's triggers refuse UPDATE and DELETE).
#include "domain/json_codec.hpp"
#include "store/store.hpp"
#include "store/store_write.hpp"
#include "util/error.hpp"
#include "util/uuid.hpp"

namespace doorstep {
namespace {

constexpr const char* kNoteColumns =
    "SELECT id, crn, visit_id, kind, refers_to, category, severity, text, reason, author, device, created_at, hlc"
    " FROM notes";

Note read_note(const Statement& st) {
  Note n;
  n.id = st.text(0);
  n.crn = st.text(1);
  n.visit_id = st.optional_text(2);
  n.kind = enum_column<NoteKind>(st, 3, "notes.kind");
  n.refers_to = st.optional_text(4);
  n.category = enum_column<NoteCategory>(st, 5, "notes.category");
  if (auto s = st.optional_text(6)) n.severity = parse_enum<Severity>(*s, "notes.severity");
  n.text = st.text(7);
  n.reason = st.optional_text(8);
  n.author = st.text(9);
  n.device = st.text(10);
  n.created_at = st.int64(11);
  n.hlc = static_cast<HlcValue>(st.int64(12));
  return n;
}

}  // namespace

Note store_insert_note(Store::Write& w, Note n) {
  n.id = make_uuid_v7(w.now());
  n.author = w.identity().officer_id;
  n.device = w.identity().device_id;
  n.created_at = w.now();
  n.hlc = w.hlc();
  insert_note_row(w.db(), n, false);
  w.record("note", n.id, "create", to_json(n));
  return n;
}

Note Store::add_note(std::string_view crn, const NoteDraft& draft, std::optional<std::string> visit_id) {
  if (draft.text.empty()) throw Error(ErrorCode::bad_input, "note text must not be empty");
  (void)get_case(crn);
  return write("add note", [&](Write& w) {
    Note n;
    n.crn = crn;
    n.visit_id = std::move(visit_id);
    n.category = draft.category;
    n.severity = draft.severity;
    n.text = draft.text;
    return store_insert_note(w, std::move(n));
  });
}

Note Store::get_note(std::string_view note_id) {
  auto st = m_db.prepare(std::string(kNoteColumns) + " WHERE id = ?1");
  st.bind(1, note_id);
  if (!st.step()) throw Error(ErrorCode::not_found, "no note " + std::string(note_id) + " in this store");
  return read_note(st);
}

Note Store::amend_note(std::string_view note_id, std::string text, std::optional<std::string> reason) {
  if (text.empty()) throw Error(ErrorCode::bad_input, "the amended text must not be empty");
  const Note original = get_note(note_id);
  if (original.kind != NoteKind::entry)
    throw Error(ErrorCode::conflict, "note " + original.id + " is an " + std::string(to_string(original.kind)) +
                                         ": amend the original note " + original.refers_to.value_or("") + " instead");
  return write("amend note", [&](Write& w) {
    Note n = original;
    n.kind = NoteKind::amendment;
    n.refers_to = original.id;
    n.text = std::move(text);
    n.reason = std::move(reason);
    return store_insert_note(w, std::move(n));
  });
}

Note Store::retract_note(std::string_view note_id, std::string reason) {
  if (reason.empty()) throw Error(ErrorCode::bad_input, "a retraction needs a reason");
  const Note original = get_note(note_id);
  if (original.kind != NoteKind::entry)
    throw Error(ErrorCode::conflict, "note " + original.id + " is an " + std::string(to_string(original.kind)) +
                                         ": retract the original note instead");
  {
    auto st = m_db.prepare("SELECT 1 FROM notes WHERE refers_to = ?1 AND kind = 'retraction'");
    st.bind(1, note_id);
    if (st.step()) throw Error(ErrorCode::conflict, "note " + original.id + " is already retracted");
  }
  return write("retract note", [&](Write& w) {
    Note n = original;
    n.kind = NoteKind::retraction;
    n.refers_to = original.id;
    n.text = "";
    n.reason = std::move(reason);
    return store_insert_note(w, std::move(n));
  });
}

std::vector<Note> Store::list_notes(std::string_view crn) {
  std::vector<Note> out;
  auto st = m_db.prepare(std::string(kNoteColumns) + " WHERE crn = ?1 ORDER BY created_at, hlc, id");
  st.bind(1, crn);
  while (st.step()) out.push_back(read_note(st));
  return out;
}

std::int64_t Store::count_notes() {
  auto st = m_db.prepare("SELECT count(*) FROM notes");
  st.step();
  return st.int64(0);
}

}  // namespace doorstep

#pragma once
// The note every sync benchmark writes: about the PouchDB peer's size.
#include <string>

#include "domain/model.hpp"

namespace doorstep::bench {

// A note of about the peer's size (~590 bytes of JSON with its envelope).
inline NoteDraft bench_note(const std::string& label, int i) {
  std::string text = label + " note " + std::to_string(i) + ": ";
  while (text.size() < 400) text += "lorem ipsum dolor sit amet ";
  text.resize(400);
  return {NoteCategory::safeguarding, Severity::concern, text};
}

}  // namespace doorstep::bench

#pragma once
// Passphrases typed into the UI live in ordinary std::strings (ImGui edits
// them in place); wipe them as soon as they are used or the screen resets.
#include <sodium.h>

#include <string>

namespace doorstep::field {

// Zeroes the characters (sodium_memzero: not optimised away), then empties.
inline void wipe_secret(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
}

}  // namespace doorstep::field

#pragma once
// Byte mutations of JSON text for differential tests: one to three edits,
// each replacing, deleting or inserting one byte, inserted and replacing
// bytes drawn from an alphabet of JSON's own characters and some that
// break it (control bytes, stray UTF-8).
#include <random>
#include <string>

namespace doorstep::test {

inline const std::string kJsonMutationAlphabet =
    std::string("{}[]\":,\\/ 0123456789-+.eEtrufalsnu\x01\x7f") + "\xc3\xab\xe2\x82\xac\xed\xff";

inline void mutate_json_bytes(std::string& text, std::mt19937_64& rng) {
  const std::string& alphabet = kJsonMutationAlphabet;
  for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0 && !text.empty(); --edits) {
    const std::size_t at = rng() % text.size();
    switch (rng() % 3) {
      case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
      case 1: text.erase(at, 1); break;
      default: text.insert(at, 1, alphabet[rng() % alphabet.size()]);
    }
  }
}

}  // namespace doorstep::test

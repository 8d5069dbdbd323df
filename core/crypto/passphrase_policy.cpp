#include "crypto/passphrase_policy.hpp"

#include <sodium.h>
#include <zxcvbn.h>

#include <cmath>
#include <string>

#include "util/error.hpp"

namespace doorstep {

namespace {

// Words that are especially guessable for this service's passphrases.
const char* const kServiceWords[] = {"doorstep", "probation", "officer", "password", nullptr};

// zxcvbn-c works on bytes; count code points for the length rule so that
// "ÅÅÅ" is three characters, as a person would count them.
std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
  }
  return n;
}

// What zxcvbn found, as a human reason ("" if nothing in particular).
std::string patterns_found(const ZxcMatch_t* info) {
  bool word = false, keyboard = false, sequence = false, date = false, repeat = false;
  for (const ZxcMatch_t* m = info; m; m = m->Next) {
    switch (static_cast<int>(m->Type) & ~static_cast<int>(MULTIPLE_MATCH)) {
      case DICTIONARY_MATCH:
      case DICT_LEET_MATCH:
      case USER_MATCH:
      case USER_LEET_MATCH: word = true; break;
      case SPATIAL_MATCH: keyboard = true; break;
      case SEQUENCE_MATCH: sequence = true; break;
      case DATE_MATCH:
      case YEAR_MATCH: date = true; break;
      case REPEATS_MATCH: repeat = true; break;
      default: break;
    }
    if ((static_cast<int>(m->Type) & static_cast<int>(MULTIPLE_MATCH)) != 0) repeat = true;
  }
  std::string out;
  auto add = [&out](const char* what) { out += out.empty() ? what : std::string(", ") + what; };
  if (word) add("common words or names");
  if (keyboard) add("a keyboard pattern");
  if (sequence) add("a sequence like abc or 123");
  if (date) add("a date or year");
  if (repeat) add("repeated parts");
  return out;
}

}  // namespace

PassphraseAssessment assess_passphrase(std::string_view passphrase) {
  PassphraseAssessment r;
  if (code_points(passphrase) < PassphrasePolicy::kMinLength) {
    r.advice = "too short: use at least " + std::to_string(PassphrasePolicy::kMinLength) +
               " characters; a few unrelated words work well";
    return r;
  }
  std::string copy(passphrase);  // zxcvbn needs a NUL-terminated string
  ZxcMatch_t* info = nullptr;
  const double bits = ZxcvbnMatch(copy.c_str(), const_cast<const char**>(kServiceWords), &info);
  const std::string found = patterns_found(info);
  ZxcvbnFreeInfo(info);
  sodium_memzero(copy.data(), copy.size());
  r.bits = std::isfinite(bits) ? bits : 0;

  const std::string estimate = "about " + std::to_string(static_cast<int>(std::floor(r.bits))) + " bits";
  if (r.bits < PassphrasePolicy::kMinBits) {
    r.strength = PassphraseStrength::weak;
    r.advice = "too easy to guess (" + estimate + "; at least " +
               std::to_string(static_cast<int>(PassphrasePolicy::kMinBits)) + " needed)" +
               (found.empty() ? std::string() : ": it is mostly " + found) +
               ". Add another unrelated word or two";
  } else if (r.bits < PassphrasePolicy::kStrongBits) {
    r.strength = PassphraseStrength::fair;
    r.advice = "fair (" + estimate + "): acceptable; one more unrelated word would make it strong";
  } else {
    r.strength = PassphraseStrength::strong;
    r.advice = "strong (" + estimate + ")";
  }
  return r;
}

std::string PassphraseAssessment::advice_sentence() const {
  std::string out = advice;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

void require_acceptable_passphrase(std::string_view passphrase) {
  const PassphraseAssessment a = assess_passphrase(passphrase);
  if (!a.acceptable()) throw Error(ErrorCode::bad_input, "passphrase refused: " + a.advice);
}

}  // namespace doorstep

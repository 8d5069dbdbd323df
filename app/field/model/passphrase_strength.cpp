#include "model/passphrase_strength.hpp"

#include <array>
#include <cmath>
#include <set>

#include "model/caseload_view.hpp"

namespace doorstep::field {

StrengthReport assess_passphrase(std::string_view p) {
  StrengthReport r;
  if (p.size() < kMinPassphraseLength) {
    r.advice = "Use at least " + std::to_string(kMinPassphraseLength) + " characters; a few unrelated words work well.";
    return r;
  }
  bool lower = false, upper = false, digit = false, other = false;
  std::set<char> distinct;
  for (char ch : p) {
    distinct.insert(ch);
    if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else other = true;
  }
  const int pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
  // Repeated characters add little: count length at most 2x the distinct characters.
  const double effective_len = std::min<double>(static_cast<double>(p.size()), 2.0 * static_cast<double>(distinct.size()));
  r.bits = effective_len * std::log2(static_cast<double>(std::max(pool, 2)));
  const std::string low = lower_ascii(p);
  constexpr std::array kCommon{"password", "passw0rd", "123456", "qwerty", "letmein", "probation", "doorstep", "welcome"};
  for (const char* c : kCommon) {
    if (low.find(c) != std::string::npos) r.bits = std::min(r.bits, 28.0);
  }
  if (r.bits < 40) {
    r.strength = Strength::weak;
    r.advice = "Weak: add more words or characters; avoid common words and repeats.";
  } else if (r.bits < 60) {
    r.strength = Strength::fair;
    r.advice = "Fair: acceptable; one more word would make it strong.";
  } else {
    r.strength = Strength::strong;
    r.advice = "Strong.";
  }
  return r;
}

bool passphrase_acceptable(const StrengthReport& report) {
  return report.strength == Strength::fair || report.strength == Strength::strong;
}

}  // namespace doorstep::field

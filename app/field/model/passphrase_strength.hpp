#pragma once
// How strong a chosen passphrase looks, for the first-run screen. A rough
// estimate (length and character variety, common patterns penalised), shown
// to guide the officer; the key file's Argon2id cost does the real work.
#include <string>
#include <string_view>

namespace doorstep::field {

enum class Strength { too_short, weak, fair, strong };

struct StrengthReport {
  Strength strength = Strength::too_short;
  double bits = 0;     // estimated entropy
  std::string advice;  // one line for the officer
};

inline constexpr std::size_t kMinPassphraseLength = 10;

StrengthReport assess_passphrase(std::string_view passphrase);
// The new passphrase may be used: long enough and not weak.
bool passphrase_acceptable(const StrengthReport& report);

}  // namespace doorstep::field

#pragma once
// The passphrase policy: which new passphrases a store may be given. One
// rule for every place a passphrase is chosen (doorstep-cli init / enroll /
// passphrase change, doorstep-office recover, the field app's first-run and
// settings screens).
//
// Rule: at least kMinLength characters AND an estimated guessing entropy of
// at least kMinBits, estimated by zxcvbn (dictionary words, names, keyboard
// patterns, sequences, dates and repeats count for little). 40 bits is about
// 10^12 guesses: with Argon2id at ~0.5 s a guess that is many years on one
// machine. "A few unrelated words" passes; "Password123!" does not.
// Existing passphrases are never re-checked: unlocking is not a policy
// decision.
#include <cstddef>
#include <string>
#include <string_view>

namespace doorstep {

enum class PassphraseStrength { too_short, weak, fair, strong };

struct PassphraseAssessment {
  PassphraseStrength strength = PassphraseStrength::too_short;
  double bits = 0;        // zxcvbn's estimate (log2 of guesses)
  std::string advice;     // one line for the person choosing it, lower case ("too short: ...")
  [[nodiscard]] bool acceptable() const {
    return strength == PassphraseStrength::fair || strength == PassphraseStrength::strong;
  }
  // The advice as a sentence for a screen: "Too short: ... ."
  [[nodiscard]] std::string advice_sentence() const;
};

struct PassphrasePolicy {
  static constexpr std::size_t kMinLength = 10;  // characters (UTF-8 code points)
  static constexpr double kMinBits = 40;         // acceptable ("fair") from here
  static constexpr double kStrongBits = 60;
};

// Never throws. The passphrase is copied only into memory wiped afterwards.
PassphraseAssessment assess_passphrase(std::string_view passphrase);

// Error(bad_input, "passphrase refused: <advice>") unless acceptable.
void require_acceptable_passphrase(std::string_view passphrase);

}  // namespace doorstep

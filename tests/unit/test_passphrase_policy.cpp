// The passphrase policy (core/crypto/passphrase_policy): zxcvbn-based.
#include <catch2/catch.hpp>

#include "crypto/passphrase_policy.hpp"
#include "support/errors.hpp"
#include "util/error.hpp"

using namespace doorstep;
using doorstep::test::bad_input_message;

TEST_CASE("passphrase policy: too short is refused before anything else", "[crypto][policy]") {
  const PassphraseAssessment a = assess_passphrase("Tr0ub4d&");
  CHECK(a.strength == PassphraseStrength::too_short);
  CHECK_FALSE(a.acceptable());
  CHECK_THAT(a.advice, Catch::Contains("at least 10 characters"));
  // Length counts characters, not bytes: nine accented letters are nine.
  CHECK(assess_passphrase("ééééééééé").strength == PassphraseStrength::too_short);
}

TEST_CASE("passphrase policy: guessable passphrases are refused with the reason", "[crypto][policy]") {
  for (const char* weak : {"password123", "Password1234", "qwertyuiop12", "aaaaaaaaaaaaaaaa", "1234567890ab",
                           "doorstep2026", "probation1!"}) {
    INFO(weak);
    const PassphraseAssessment a = assess_passphrase(weak);
    CHECK(a.strength == PassphraseStrength::weak);
    CHECK(a.bits < PassphrasePolicy::kMinBits);
    CHECK_THAT(a.advice, Catch::Contains("too easy to guess") && Catch::Contains("bits"));
  }
  CHECK_THAT(assess_passphrase("1qaz2wsx3edc").advice, Catch::Contains("keyboard pattern"));
  CHECK_THAT(assess_passphrase("password123").advice, Catch::Contains("common words"));
}

TEST_CASE("passphrase policy: a few unrelated words pass", "[crypto][policy]") {
  for (const char* good : {"lantern Otter 42 marmalade", "seven purple otters juggle quietly",
                           "a long and memorable passphrase"}) {
    INFO(good);
    const PassphraseAssessment a = assess_passphrase(good);
    CHECK(a.acceptable());
    CHECK(a.bits >= PassphrasePolicy::kMinBits);
  }
  CHECK(assess_passphrase("seven purple otters juggle quietly").strength == PassphraseStrength::strong);
}

TEST_CASE("passphrase policy: require_acceptable_passphrase throws bad_input with the advice", "[crypto][policy]") {
  CHECK_THAT(bad_input_message([] { require_acceptable_passphrase("password123"); }),
             Catch::StartsWith("passphrase refused: too easy to guess"));
  CHECK(bad_input_message([] { require_acceptable_passphrase("lantern Otter 42 marmalade"); }).empty());
  CHECK(assess_passphrase("short").advice_sentence().rfind("Too short: ", 0) == 0);
}

#pragma once
// Shared test data: a raw SQLCipher key, a clock, and cases in the shared
// vocabulary.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "domain/json_codec.hpp"
#include "util/clock.hpp"

namespace doorstep::test {

// A fixed test DEK as the SQLCipher raw-key literal (never used outside tests).
inline constexpr std::string_view kTestKey = "x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'";
inline constexpr std::string_view kOtherKey = "x'ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'";
inline constexpr UtcMillis kMarch2 = 1772446500000;  // 2026-03-02T10:15:00Z

inline Case sample_case(const std::string& crn = "D100001") {
  return case_from_json(nlohmann::json::parse(R"({
    "crn": ")" + crn + R"(", "name": "Douglas Reed", "rosh": "medium", "domestic_abuse_perpetrator": true,
    "sentence": {"type": "community_order", "start": "2026-01-12", "requirements": ["supervision"]},
    "household": [{"name": "Amy Reed", "relationship": "child", "age": 4, "lives_at_address": true}],
    "victims": [{"name": "Kerry Dale", "relationship": "ex_partner", "protected_by_restriction": true}],
    "restrictions": ["restraining_order"],
    "checks": [{"kind": "csc_check", "date": "2026-01-20", "outcome": "not known"}]
  })"));
}

inline std::string read_file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace doorstep::test

// decode_pull_response reads a record in the office's exact shape without
// JsonReader (plain_record_fields in core/sync/protocol.cpp) and any other
// through JsonReader: on every record both roads give the same record or
// the same error message.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <limits>
#include <random>
#include <variant>

#include "domain/json_limits.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"

using namespace doorstep;
using nlohmann::json;

namespace {

// decode_pull_response's answer for a page holding `record`: the record, or
// the error's message.
std::variant<RemoteRecord, std::string> decoded(const json& record) {
  const json page = {{"protocol", 2}, {"records", json::array({record})}, {"cursor", "c"}, {"more", true}};
  try {
    return sync::decode_pull_response(page.dump()).records.at(0);
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

// JsonReader's answer (sync::record_from_json) for the same record as the
// page's parse gives it back.
std::variant<RemoteRecord, std::string> by_reader(const json& record) {
  const json parsed = parse_json_limited(json::array({record}).dump(), sync::kPullResponseJsonLimits, "test").at(0);
  try {
    return sync::record_from_json(parsed, "pull response.records[0]");
  } catch (const Error& e) {
    return std::string(e.what());
  }
}

}  // namespace

TEST_CASE("pull decode: a record read without JsonReader agrees with JsonReader", "[sync][pull][fuzz]") {
  const json good = {{"entity", "note"}, {"id", "0190-1"}, {"crn", "D100001"},          {"hlc", 123456789},
                     {"officer", "ana"}, {"device", "dev"},  {"at", 1772446500000}, {"payload", {{"text", "seen"}}}};
  const std::vector<json> values = {nullptr, true, 0, -1, json(std::int64_t{0}), json(std::uint64_t{0}), 1.5,
                                    json(std::numeric_limits<std::uint64_t>::max()),
                                    json(std::numeric_limits<std::int64_t>::max()),
                                    json(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1),
                                    "", "x", std::string(16, 'e'), std::string(17, 'e'), std::string(64, 'i'),
                                    std::string(65, 'i'), json::object(), json::array(), json{{"a", 1}}};
  int plain = 0;
  int refused = 0;
  const auto check = [&](const json& record) {
    INFO(record.dump());
    const auto a = decoded(record);
    const auto b = by_reader(record);
    REQUIRE(a.index() == b.index());
    if (a.index() == 0) {
      CHECK(std::get<0>(a) == std::get<0>(b));
      ++plain;
    } else {
      CHECK(std::get<1>(a) == std::get<1>(b));
      ++refused;
    }
  };
  check(good);
  for (auto it = good.begin(); it != good.end(); ++it) {
    json without = good;
    without.erase(it.key());
    check(without);
    for (const auto& v : values) {
      json changed = good;
      changed[it.key()] = v;
      check(changed);
    }
  }
  json extra = good;
  extra["extra"] = 1;
  check(extra);
  // Random mixes of the above.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    json r = good;
    for (int k = static_cast<int>(rng() % 3); k >= 0; --k) {
      auto key = std::next(good.begin(), static_cast<std::ptrdiff_t>(rng() % good.size())).key();
      if (rng() % 8 == 0) r.erase(key);
      else r[key] = values[rng() % values.size()];
    }
    check(r);
  }
  CHECK(plain > 100);
  CHECK(refused > 1000);
}

#include <catch2/catch.hpp>

#include <set>

#include "util/hex.hpp"
#include "util/hlc.hpp"
#include "util/uuid.hpp"

using namespace doorstep;

TEST_CASE("UUIDv7 carries the time, the version and is unique", "[util][uuid]") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = make_uuid_v7(1772446500123);
    REQUIRE(is_uuid(id));
    CHECK(id[14] == '7');
    CHECK((id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b'));
    CHECK(id.substr(0, 13) == "019cae0b-451b");
    seen.insert(id);
  }
  CHECK(seen.size() == 1000);
  CHECK(make_uuid_v7(1000) < make_uuid_v7(2000));
  CHECK_FALSE(is_uuid("not-a-uuid"));
}

TEST_CASE("HLC is strictly monotonic even when the wall clock goes back", "[util][hlc]") {
  HybridLogicalClock c;
  const auto a = c.tick(5000);
  const auto b = c.tick(4000);  // clock stepped back
  const auto d = c.tick(5000);
  CHECK(a < b);
  CHECK(b < d);
  CHECK(hlc_millis(a) == 5000);
  c.observe(hlc_pack(9000, 7));
  const auto e = c.tick(6000);
  CHECK(e > hlc_pack(9000, 7));
  CHECK(hlc_millis(e) == 9000);
  CHECK(hlc_counter(e) == 8);
}

TEST_CASE("hex round-trips and rejects junk", "[util]") {
  const std::vector<std::uint8_t> bytes = {0x00, 0xab, 0xff};
  CHECK(to_hex(bytes) == "00abff");
  CHECK(*from_hex("00ABff") == bytes);
  CHECK_FALSE(from_hex("abc"));
  CHECK_FALSE(from_hex("zz"));
}

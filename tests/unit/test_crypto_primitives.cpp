#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crypto/hash.hpp"
#include "crypto/recovery_key.hpp"
#include "crypto/secure_key.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "support/errors.hpp"

using namespace doorstep;
using doorstep::test::error_code_of;

namespace {


}  // namespace

TEST_CASE("SecureKey: random keys are 32 bytes and differ", "[crypto]") {
  const SecureKey a = SecureKey::random();
  const SecureKey b = SecureKey::random();
  CHECK(a.bytes().size() == 32);
  CHECK_FALSE(a.equals(b));
  const SecureKey a2 = SecureKey::from_bytes(a.bytes());
  CHECK(a2.equals(a));
}

TEST_CASE("SecureKey: from_bytes rejects the wrong size", "[crypto]") {
  const std::vector<std::uint8_t> short_key(31, 7);
  CHECK(error_code_of([&] { (void)SecureKey::from_bytes(short_key); }) == ErrorCode::bad_input);
}

TEST_CASE("SecureKey: is move-only and a moved-from key is empty", "[crypto]") {
  static_assert(!std::is_copy_constructible_v<SecureKey>);
  static_assert(std::is_nothrow_move_constructible_v<SecureKey>);
  SecureKey a = SecureKey::random();
  const std::string hex = to_hex(a.bytes());
  SecureKey b = std::move(a);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the documented state
  CHECK(a.bytes().empty());
  CHECK(to_hex(b.bytes()) == hex);
  CHECK(error_code_of([&] { a.with_sqlcipher_key([](std::string_view) {}); }) == ErrorCode::usage);
}

TEST_CASE("SecureKey: SQLCipher raw-key literal is x'<64 hex>'", "[crypto]") {
  const SecureKey key = SecureKey::random();
  const std::string expected = "x'" + to_hex(key.bytes()) + "'";
  std::string seen;
  key.with_sqlcipher_key([&](std::string_view literal) { seen = literal; });
  CHECK(seen == expected);
  CHECK(seen.size() == 67);
  CHECK(key.sqlcipher_raw_key() == expected);
}

TEST_CASE("blake2b_256 matches the reference vectors", "[crypto]") {
  CHECK(to_hex(blake2b_256(std::string_view(""))) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(to_hex(blake2b_256(std::string_view("abc"))) ==
        "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST_CASE("Blake2bHasher: incremental equals one-shot and finish is once", "[crypto]") {
  Blake2bHasher h;
  h.update(std::string_view("a")).update(std::string_view("")).update(std::string_view("bc"));
  Blake2bHasher fork = h;  // continues independently
  CHECK(h.finish() == blake2b_256(std::string_view("abc")));
  fork.update(std::string_view("d"));
  CHECK(fork.finish() == blake2b_256(std::string_view("abcd")));
  CHECK(error_code_of([&] { (void)h.finish(); }) == ErrorCode::usage);
  CHECK(error_code_of([&] { h.update(std::string_view("x")); }) == ErrorCode::usage);
}

TEST_CASE("recovery key pair: secret matches public and the id is the BLAKE2b prefix", "[crypto]") {
  const RecoveryKeyPair pair = make_recovery_key_pair();
  const RecoveryKeyPair other = make_recovery_key_pair();
  CHECK(pair.secret_key.bytes().size() == 32);
  CHECK(recovery_keys_match(pair.public_key, pair.secret_key));
  CHECK_FALSE(recovery_keys_match(pair.public_key, other.secret_key));
  const Digest256 digest = blake2b_256(pair.public_key);
  CHECK(to_hex(recovery_key_id(pair.public_key)) == to_hex(digest).substr(0, 16));
}

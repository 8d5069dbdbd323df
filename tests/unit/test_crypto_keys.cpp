#include <catch2/catch.hpp>
#include <sodium.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/key_file.hpp"
#include "crypto/recovery_key.hpp"
#include "crypto/unlock.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "support/errors.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using doorstep::test::TempDir;
using doorstep::test::error_code_of;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}


const KdfParams kFast = KdfParams::fast_for_tests();
constexpr std::string_view kPass = "correct horse battery staple";

// A key file made with `kPass` and `recovery` (if any), and its DEK.
struct Made {
  KeyFile file;
  SecureKey dek;
};
Made make(std::optional<RecoveryPublicKey> recovery = std::nullopt, std::string store_id = "store-1") {
  Made m;
  m.file = create_key_file(kPass, kFast, recovery, std::move(store_id), m.dek);
  return m;
}

// The file's JSON with `edit` applied, decoded again.
template <class F>
KeyFile edited(const KeyFile& file, F&& edit) {
  json j = to_json(file);
  edit(j);
  return key_file_from_json(j, "edited.key");
}

// Replaces hex digit `i` of `text` by a different digit.
std::string flip_hex(const std::string& text, std::size_t i) {
  REQUIRE(i < text.size());
  const char replacement = text.at(i) == '0' ? '1' : '0';
  return text.substr(0, i) + replacement + text.substr(i + 1);
}

}  // namespace

TEST_CASE("key file: create and unwrap round-trip the DEK", "[crypto]") {
  TempDir dir;
  Made m = make();
  REQUIRE(m.dek.bytes().size() == 32);
  CHECK(m.file.kdf == kFast);
  CHECK_FALSE(m.file.recovery);
  CHECK(unwrap(m.file, kPass).equals(m.dek));

  CHECK(key_file_from_json(to_json(m.file), "x") == m.file);
  const fs::path path = dir / "store.key";
  write_key_file_atomically(path, m.file);
  const KeyFile back = read_key_file(path);
  CHECK(back == m.file);
  CHECK(unwrap(back, kPass).equals(m.dek));

  const json j = to_json(m.file);
  CHECK(j["format"] == "doorstep-keyfile");
  CHECK(j["version"] == 1);
  CHECK(j["kdf"]["alg"] == "argon2id13");
  CHECK(j["wrap"]["alg"] == "xchacha20poly1305-ietf");
  CHECK(j["store_id"] == "store-1");
}

TEST_CASE("key file: two enrollments get different DEKs, salts and nonces", "[crypto]") {
  Made a = make();
  Made b = make();
  CHECK_FALSE(a.dek.equals(b.dek));
  CHECK(a.file.salt != b.file.salt);
  CHECK(a.file.nonce != b.file.nonce);
}

TEST_CASE("key file: wrong passphrase is wrong_passphrase and leaves the file untouched", "[crypto]") {
  TempDir dir;
  Made m = make();
  const fs::path path = dir / "store.key";
  write_key_file_atomically(path, m.file);
  const std::string before = test::read_file_bytes(path);

  std::string message;
  CHECK(error_code_of([&] { (void)unwrap(m.file, "Correct horse battery staple"); }, &message) ==
        ErrorCode::wrong_passphrase);
  CHECK(message == "wrong passphrase");
  CHECK(error_code_of([&] { (void)unwrap(m.file, ""); }) == ErrorCode::wrong_passphrase);

  const SystemClock clock;
  UnlockBackoff backoff(unlock_state_path_for(path), clock);
  CHECK(error_code_of([&] { (void)unlock_with_backoff(path, "nope", backoff); }) == ErrorCode::wrong_passphrase);
  CHECK(test::read_file_bytes(path) == before);
  CHECK(unlock_with_backoff(path, kPass, backoff).equals(m.dek));
  CHECK(test::read_file_bytes(path) == before);
}

TEST_CASE("key file: bad enrollment inputs are bad_input", "[crypto]") {
  SecureKey dek;
  CHECK(error_code_of([&] { (void)create_key_file("", kFast, std::nullopt, "s", dek); }) == ErrorCode::bad_input);
  CHECK(error_code_of([&] { (void)create_key_file(kPass, kFast, std::nullopt, "", dek); }) == ErrorCode::bad_input);
  CHECK(error_code_of([&] { (void)create_key_file(kPass, KdfParams{0, kFast.memlimit}, std::nullopt, "s", dek); }) ==
        ErrorCode::bad_input);
  CHECK(error_code_of([&] { (void)create_key_file(kPass, KdfParams{1, 1024}, std::nullopt, "s", dek); }) ==
        ErrorCode::bad_input);
  const RecoveryPublicKey zero{};  // a low-order point: not a usable X25519 key
  CHECK(error_code_of([&] { (void)create_key_file(kPass, kFast, zero, "s", dek); }) == ErrorCode::bad_input);
  CHECK(dek.empty());
}

TEST_CASE("key file: rewrap changes salt, nonce and ciphertext but keeps the DEK", "[crypto]") {
  const RecoveryKeyPair office = make_recovery_key_pair();
  Made m = make(office.public_key);
  const KeyFile changed = rewrap(m.file, kPass, "a new passphrase", kFast);
  CHECK(changed.salt != m.file.salt);
  CHECK(changed.nonce != m.file.nonce);
  CHECK(changed.ciphertext != m.file.ciphertext);
  CHECK(changed.recovery == m.file.recovery);
  CHECK(changed.store_id == m.file.store_id);
  CHECK(unwrap(changed, "a new passphrase").equals(m.dek));
  CHECK(error_code_of([&] { (void)unwrap(changed, kPass); }) == ErrorCode::wrong_passphrase);
  CHECK(error_code_of([&] { (void)rewrap(m.file, "wrong", "x", kFast); }) == ErrorCode::wrong_passphrase);
  // New parameters are recorded in the file.
  const KdfParams other{2, kFast.memlimit};
  CHECK(rewrap(m.file, kPass, "p", other).kdf == other);
}

TEST_CASE("key file: the office recovery key recovers the DEK and another key does not", "[crypto]") {
  const RecoveryKeyPair office = make_recovery_key_pair();
  const RecoveryKeyPair stranger = make_recovery_key_pair();
  Made m = make(office.public_key);
  REQUIRE(m.file.recovery);
  CHECK(m.file.recovery->recovery_key_id == recovery_key_id(office.public_key));
  CHECK(to_json(m.file)["recovery"]["alg"] == "x25519-sealedbox");

  CHECK(recover_with_office_key(m.file, office.public_key, office.secret_key).equals(m.dek));

  std::string message;
  CHECK(error_code_of([&] { (void)recover_with_office_key(m.file, stranger.public_key, stranger.secret_key); },
                      &message) == ErrorCode::wrong_passphrase);
  CHECK(message.find(to_hex(m.file.recovery->recovery_key_id)) != std::string::npos);
  // A secret key that does not belong to the public key given.
  CHECK(error_code_of([&] { (void)recover_with_office_key(m.file, office.public_key, stranger.secret_key); }) ==
        ErrorCode::bad_input);
  // A tampered seal.
  const KeyFile tampered = edited(m.file, [](json& j) {
    j["recovery"]["sealed"] = flip_hex(j["recovery"]["sealed"].get<std::string>(), 100);
  });
  CHECK(error_code_of([&] { (void)recover_with_office_key(tampered, office.public_key, office.secret_key); }) ==
        ErrorCode::wrong_passphrase);
  // No recovery wrap at all.
  Made bare = make();
  CHECK(error_code_of([&] { (void)recover_with_office_key(bare.file, office.public_key, office.secret_key); }) ==
        ErrorCode::bad_input);
}

TEST_CASE("key file: the office can reset a forgotten passphrase", "[crypto]") {
  const RecoveryKeyPair office = make_recovery_key_pair();
  Made m = make(office.public_key);
  const KeyFile reset = reset_passphrase_with_recovery(m.file, office.public_key, office.secret_key, "office-set", kFast);
  CHECK(unwrap(reset, "office-set").equals(m.dek));
  CHECK(error_code_of([&] { (void)unwrap(reset, kPass); }) == ErrorCode::wrong_passphrase);
  CHECK(reset.recovery == m.file.recovery);
  CHECK(reset.store_id == m.file.store_id);
  CHECK(recover_with_office_key(reset, office.public_key, office.secret_key).equals(m.dek));
}

TEST_CASE("key file: a tampered wrap, salt, nonce or store_id does not open", "[crypto]") {
  Made m = make();
  for (std::size_t i : {0u, 31u, 95u}) {
    const KeyFile t = edited(m.file, [&](json& j) {
      j["wrap"]["ciphertext"] = flip_hex(j["wrap"]["ciphertext"].get<std::string>(), i);
    });
    CHECK(error_code_of([&] { (void)unwrap(t, kPass); }) == ErrorCode::wrong_passphrase);
  }
  const KeyFile bad_nonce = edited(m.file, [](json& j) { j["wrap"]["nonce"] = flip_hex(j["wrap"]["nonce"].get<std::string>(), 5); });
  CHECK(error_code_of([&] { (void)unwrap(bad_nonce, kPass); }) == ErrorCode::wrong_passphrase);
  const KeyFile bad_salt = edited(m.file, [](json& j) { j["kdf"]["salt"] = flip_hex(j["kdf"]["salt"].get<std::string>(), 7); });
  CHECK(error_code_of([&] { (void)unwrap(bad_salt, kPass); }) == ErrorCode::wrong_passphrase);
  const KeyFile bad_ops = edited(m.file, [](json& j) { j["kdf"]["opslimit"] = 2; });
  CHECK(error_code_of([&] { (void)unwrap(bad_ops, kPass); }) == ErrorCode::wrong_passphrase);
  // The wrap is bound to its store: moving it to another store's file fails.
  const KeyFile moved = edited(m.file, [](json& j) { j["store_id"] = "store-2"; });
  CHECK(error_code_of([&] { (void)unwrap(moved, kPass); }) == ErrorCode::wrong_passphrase);
}

TEST_CASE("key file: malformed files are damaged and name the file", "[crypto]") {
  TempDir dir;
  Made m = make(make_recovery_key_pair().public_key);
  const fs::path path = dir / "store.key";
  write_key_file_atomically(path, m.file);
  const std::string good = test::read_file_bytes(path);

  auto damaged_message = [&](const std::string& bytes) {
    write_bytes(path, bytes);
    std::string message;
    const ErrorCode code = error_code_of([&] { (void)read_key_file(path); }, &message);
    CHECK(code == ErrorCode::damaged);
    CHECK(message.find(path.string() + ": key file is damaged") == 0);
    return message;
  };
  SECTION("truncated") { damaged_message(good.substr(0, good.size() / 2)); }
  SECTION("empty") { damaged_message(""); }
  SECTION("not JSON") { damaged_message("\x01\x02garbage"); }
  SECTION("not an object") { damaged_message("[1,2,3]"); }
  SECTION("huge") { damaged_message(std::string(200000, ' ')); }
  SECTION("deeply nested") { damaged_message(std::string(60000, '[')); }

  auto edit_message = [&](auto&& edit) {
    json j = json::parse(good);
    edit(j);
    return damaged_message(j.dump());
  };
  SECTION("wrong types") {
    CHECK(edit_message([](json& j) { j["kdf"]["opslimit"] = "3"; }).find("kdf.opslimit") != std::string::npos);
    CHECK(edit_message([](json& j) { j["kdf"]["memlimit"] = -1; }).find("kdf.memlimit") != std::string::npos);
    CHECK(edit_message([](json& j) { j["kdf"]["memlimit"] = 1.5; }).find("kdf.memlimit") != std::string::npos);
    CHECK(edit_message([](json& j) { j["kdf"]["salt"] = 12; }).find("kdf.salt") != std::string::npos);
    CHECK(edit_message([](json& j) { j["wrap"] = "x"; }).find("wrap") != std::string::npos);
    CHECK(edit_message([](json& j) { j["store_id"] = nullptr; }).find("store_id") != std::string::npos);
    CHECK(edit_message([](json& j) { j["version"] = "1"; }).find("version") != std::string::npos);
    CHECK(edit_message([](json& j) { j["recovery"] = json::array(); }).find("recovery") != std::string::npos);
  }
  SECTION("bad values") {
    edit_message([](json& j) { j["format"] = "something-else"; });
    CHECK(edit_message([](json& j) { j["version"] = 2; }).find("not supported") != std::string::npos);
    edit_message([](json& j) { j["kdf"]["alg"] = "argon2i13"; });
    edit_message([](json& j) { j["wrap"]["alg"] = "aes256gcm"; });
    edit_message([](json& j) { j["kdf"]["opslimit"] = 0; });
    edit_message([](json& j) { j["kdf"]["memlimit"] = std::uint64_t{1} << 40; });
    edit_message([](json& j) { j["kdf"]["salt"] = "abcd"; });
    edit_message([](json& j) { j["wrap"]["nonce"] = j["wrap"]["nonce"].get<std::string>() + "00"; });
    edit_message([](json& j) { j["wrap"]["ciphertext"] = "zz" + j["wrap"]["ciphertext"].get<std::string>().substr(2); });
    edit_message([](json& j) {
      std::string c = j["wrap"]["ciphertext"];
      for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      j["wrap"]["ciphertext"] = c;
    });
    edit_message([](json& j) { j["recovery"]["recovery_key_id"] = "00"; });
    edit_message([](json& j) { j["store_id"] = ""; });
  }
  SECTION("missing and unknown fields") {
    CHECK(edit_message([](json& j) { j["wrap"].erase("nonce"); }).find("wrap.nonce: missing") != std::string::npos);
    edit_message([](json& j) { j.erase("kdf"); });
    edit_message([](json& j) { j.erase("store_id"); });
    edit_message([](json& j) { j["recovery"].erase("sealed"); });
    CHECK(edit_message([](json& j) { j["dek"] = "oops"; }).find("dek: unknown field") != std::string::npos);
    edit_message([](json& j) { j["kdf"]["parallelism"] = 1; });
  }
}

TEST_CASE("key file: missing file is io", "[crypto]") {
  TempDir dir;
  std::string message;
  CHECK(error_code_of([&] { (void)read_key_file(dir / "absent.key"); }, &message) == ErrorCode::io);
  CHECK(message.find("absent.key") != std::string::npos);
}

TEST_CASE("atomic write: mode 0600 and no temp files left", "[crypto]") {
  TempDir dir;
  const fs::path path = dir / "store.key";
  const mode_t old_umask = ::umask(0);  // the mode must not depend on the umask
  write_bytes(path, "old");
  fs::permissions(path, fs::perms::all);
  Made m = make();
  write_key_file_atomically(path, m.file);
  ::umask(old_umask);

  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{"store.key"});
  CHECK(read_key_file(path) == m.file);

  // Overwriting again replaces the content in place of the old file.
  const KeyFile next = rewrap(m.file, kPass, "second", kFast);
  write_key_file_atomically(path, next);
  CHECK(read_key_file(path) == next);
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
}

TEST_CASE("atomic write: a missing folder is io and leaves nothing behind", "[crypto]") {
  TempDir dir;
  Made m = make();
  CHECK(error_code_of([&] { write_key_file_atomically(dir / "no-such-dir" / "store.key", m.file); }) == ErrorCode::io);
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("key file: neither the DEK nor the passphrase is in the file", "[crypto]") {
  TempDir dir;
  Made m = make(make_recovery_key_pair().public_key);
  const fs::path path = dir / "store.key";
  write_key_file_atomically(path, m.file);
  const std::string bytes = test::read_file_bytes(path);
  const auto dek = m.dek.bytes();
  const std::string raw(reinterpret_cast<const char*>(dek.data()), dek.size());
  std::string hex = to_hex(dek);
  std::string upper = hex;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  CHECK(bytes.find(raw) == std::string::npos);
  CHECK(bytes.find(hex) == std::string::npos);
  CHECK(bytes.find(upper) == std::string::npos);
  CHECK(bytes.find(hex.substr(0, 16)) == std::string::npos);  // not even a fragment
  CHECK(bytes.find(std::string(kPass)) == std::string::npos);
  CHECK(bytes.find("horse") == std::string::npos);
}

TEST_CASE("key file: the default Argon2id preset takes 0.2-3 s", "[crypto][slow]") {
  const KdfParams params = KdfParams::interactive_default();
  SecureKey dek;
  const KeyFile file = create_key_file(kPass, params, std::nullopt, "timing", dek);
  const auto start = std::chrono::steady_clock::now();
  const SecureKey back = unwrap(file, kPass);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("interactive_default unwrap took " << seconds << " s");
  CHECK(back.equals(dek));
  CHECK(seconds >= 0.2);
  CHECK(seconds <= 3.0);
}

TEST_CASE("recovery key file: round trip, the old secret-only file, and damage", "[crypto]") {
  const RecoveryKeyPair pair = make_recovery_key_pair();
  const std::string text = recovery_key_file_text(pair);
  CHECK(text.rfind("# Doorstep office recovery key", 0) == 0);
  const RecoveryKeyPair back = parse_recovery_key_file(text, "rk.key");
  CHECK(back.public_key == pair.public_key);
  CHECK(back.secret_key.equals(pair.secret_key));

  // The data folder's old recovery-secret.hex: the public key is derived.
  const RecoveryKeyPair legacy = parse_recovery_key_file(to_hex(pair.secret_key.bytes()) + "\n", "recovery-secret.hex");
  CHECK(legacy.public_key == pair.public_key);

  // A secret that does not belong to the public key is refused.
  const RecoveryKeyPair other = make_recovery_key_pair();
  std::string mixed = text;
  const std::string secret_hex = to_hex(pair.secret_key.bytes());
  mixed.replace(mixed.find(secret_hex), secret_hex.size(), to_hex(other.secret_key.bytes()));
  std::string message;
  CHECK(error_code_of([&] { (void)parse_recovery_key_file(mixed, "rk.key"); }, &message) == ErrorCode::bad_input);
  CHECK_THAT(message, Catch::Contains("rk.key") && Catch::Contains("does not belong"));
  CHECK(error_code_of([&] { (void)parse_recovery_key_file("{\"format\":\"x\"}", "rk.key"); }) == ErrorCode::bad_input);
  CHECK(error_code_of([&] { (void)parse_recovery_key_file("", "rk.key"); }) == ErrorCode::bad_input);
}

#include <catch2/catch.hpp>
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "crypto/key_file.hpp"
#include "crypto/unlock.hpp"
#include "crypto/unlock_backoff.hpp"
#include "util/clock.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"
#include "support/errors.hpp"
#include "support/store_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace doorstep;
using doorstep::test::TempDir;
using doorstep::test::error_code_of;
namespace fs = std::filesystem;

namespace {


constexpr UtcMillis kStart = 1'772'445'600'000;  // 2026-03-02T10:00:00Z

}  // namespace

TEST_CASE("backoff: the wait doubles from 1 s after 3 failures and caps at 15 min", "[crypto]") {
  CHECK(UnlockBackoff::wait_after(0) == 0);
  CHECK(UnlockBackoff::wait_after(1) == 0);
  CHECK(UnlockBackoff::wait_after(2) == 0);
  CHECK(UnlockBackoff::wait_after(3) == 1000);
  CHECK(UnlockBackoff::wait_after(4) == 2000);
  CHECK(UnlockBackoff::wait_after(5) == 4000);
  CHECK(UnlockBackoff::wait_after(12) == 512'000);
  CHECK(UnlockBackoff::wait_after(13) == 900'000);
  CHECK(UnlockBackoff::wait_after(40) == 900'000);
  CHECK(UnlockBackoff::wait_after(4'000'000'000u) == 900'000);
}

TEST_CASE("backoff: 3 free failures, then locked for 1 s, then 2 s", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  UnlockBackoff b(dir / "unlock-state.json", clock);
  CHECK_FALSE(b.locked_until());
  b.check_allowed();

  b.record_failure();
  b.check_allowed();
  b.record_failure();
  b.check_allowed();
  b.record_failure();  // third: the next attempt waits 1 s
  REQUIRE(b.locked_until());
  CHECK(*b.locked_until() == kStart + 1000);
  std::string message;
  CHECK(error_code_of([&] { b.check_allowed(); }, &message) == ErrorCode::locked_out);
  CHECK(message == "too many wrong passphrases: try again in 1 s");
  clock.advance(999);
  CHECK(error_code_of([&] { b.check_allowed(); }) == ErrorCode::locked_out);
  clock.advance(1);
  CHECK_FALSE(b.locked_until());
  b.check_allowed();

  b.record_failure();  // fourth: 2 s
  CHECK(*b.locked_until() == clock.now_utc_ms() + 2000);
  CHECK(error_code_of([&] { b.check_allowed(); }, &message) == ErrorCode::locked_out);
  CHECK(message == "too many wrong passphrases: try again in 2 s");
  clock.advance(1500);
  CHECK(error_code_of([&] { b.check_allowed(); }, &message) == ErrorCode::locked_out);
  CHECK(message == "too many wrong passphrases: try again in 1 s");
  clock.advance(500);
  b.check_allowed();

  b.record_failure();  // fifth: 4 s
  CHECK(*b.locked_until() == clock.now_utc_ms() + 4000);
}

TEST_CASE("backoff: a success resets the count", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  UnlockBackoff b(dir / "unlock-state.json", clock);
  for (int i = 0; i < 5; ++i) b.record_failure();
  CHECK(b.locked_until());
  b.record_success();
  CHECK(b.failures() == 0);
  CHECK_FALSE(b.locked_until());
  b.record_failure();
  b.record_failure();
  CHECK_FALSE(b.locked_until());
  CHECK(UnlockBackoff(dir / "unlock-state.json", clock).failures() == 2);
}

TEST_CASE("backoff: the state survives a restart", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  const fs::path state = dir / "unlock-state.json";
  {
    UnlockBackoff b(state, clock);
    for (int i = 0; i < 4; ++i) b.record_failure();
  }
  UnlockBackoff again(state, clock);
  CHECK(again.failures() == 4);
  CHECK(again.locked_until() == kStart + 2000);
  CHECK(error_code_of([&] { again.check_allowed(); }) == ErrorCode::locked_out);
  again.record_success();
  CHECK(UnlockBackoff(state, clock).failures() == 0);

  struct stat st {};
  REQUIRE(::stat(state.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
}

TEST_CASE("backoff: capped at 15 minutes", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  UnlockBackoff b(dir / "unlock-state.json", clock);
  for (int i = 0; i < 50; ++i) b.record_failure();
  CHECK(*b.locked_until() == kStart + 15 * 60 * 1000);
  std::string message;
  CHECK(error_code_of([&] { b.check_allowed(); }, &message) == ErrorCode::locked_out);
  CHECK(message == "too many wrong passphrases: try again in 900 s");
  clock.advance(15 * 60 * 1000);
  b.check_allowed();
}

TEST_CASE("backoff: a clock set back never locks longer than the wait", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  UnlockBackoff b(dir / "unlock-state.json", clock);
  for (int i = 0; i < 4; ++i) b.record_failure();
  clock.set(kStart - 86'400'000);  // a day earlier
  CHECK(*b.locked_until() == clock.now_utc_ms() + 2000);
}

TEST_CASE("backoff: a missing or damaged state file counts as no failures", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  CHECK(UnlockBackoff(dir / "unlock-state.json", clock).failures() == 0);
  for (const char* junk : {"", "{", "[]", "7", R"({"format":5,"version":1,"failures":9})",
                           R"({"format":"doorstep-unlock-state","version":"1","failures":9})",
                           R"({"format":"doorstep-unlock-state","version":1,"failures":"9"})",
                           R"({"format":"doorstep-unlock-state","version":1,"failures":-3})",
                           R"({"format":"doorstep-unlock-state","version":1,"failures":5})"}) {
    std::ofstream(dir / "unlock-state.json") << junk;
    CHECK(UnlockBackoff(dir / "unlock-state.json", clock).failures() == 0);
  }
}

TEST_CASE("unlock_with_backoff: counts wrong passphrases, never wipes, resets on success", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  const fs::path key_path = dir / "store.key";
  SecureKey dek;
  write_key_file_atomically(key_path, create_key_file("right", KdfParams::fast_for_tests(), std::nullopt, "s1", dek));
  const std::string key_bytes = test::read_file_bytes(key_path);
  UnlockBackoff b(unlock_state_path_for(key_path), clock);
  CHECK(b.state_path() == dir / "unlock-state.json");

  for (int i = 0; i < 3; ++i) {
    CHECK(error_code_of([&] { (void)unlock_with_backoff(key_path, "wrong", b); }) == ErrorCode::wrong_passphrase);
  }
  CHECK(b.failures() == 3);
  // Locked: even the right passphrase is refused until the wait is over,
  // and the attempt is not counted.
  CHECK(error_code_of([&] { (void)unlock_with_backoff(key_path, "right", b); }) == ErrorCode::locked_out);
  CHECK(b.failures() == 3);
  // Many more failures: the key file is still there, byte for byte.
  for (int i = 0; i < 20; ++i) {
    clock.advance(UnlockBackoff::kMaxWaitMs);
    CHECK(error_code_of([&] { (void)unlock_with_backoff(key_path, "wrong", b); }) == ErrorCode::wrong_passphrase);
  }
  CHECK(test::read_file_bytes(key_path) == key_bytes);
  clock.advance(UnlockBackoff::kMaxWaitMs);
  CHECK(unlock_with_backoff(key_path, "right", b).equals(dek));
  CHECK(b.failures() == 0);
  CHECK(UnlockBackoff(unlock_state_path_for(key_path), clock).failures() == 0);
}

TEST_CASE("unlock_with_backoff: a missing or damaged key file is not a failed attempt", "[crypto]") {
  TempDir dir;
  ManualClock clock(kStart);
  UnlockBackoff b(dir / "unlock-state.json", clock);
  CHECK(error_code_of([&] { (void)unlock_with_backoff(dir / "store.key", "x", b); }) == ErrorCode::io);
  std::ofstream(dir / "store.key") << "{";
  CHECK(error_code_of([&] { (void)unlock_with_backoff(dir / "store.key", "x", b); }) == ErrorCode::damaged);
  CHECK(b.failures() == 0);
}

// Security review: 12 parallel wrong passphrases all ran the KDF and the
// count moved by 1. Each attempt is now serialised on a lock file and counted
// before the KDF runs, so every attempt that ran the KDF is on disk, and the
// attempts that came after the third one had to wait (locked out).
TEST_CASE("backoff: parallel wrong passphrases are each counted, and the backoff applies", "[crypto]") {
  TempDir dir;
  const fs::path key = dir / "keyfile.json";
  SecureKey dek;
  write_key_file_atomically(key, create_key_file("the right one", KdfParams::fast_for_tests(), std::nullopt, "store-1", dek));
  const SystemClock clock;
  constexpr int kAttempts = 12;
  std::vector<ErrorCode> results(kAttempts, ErrorCode::internal);
  std::atomic<int> ready{0};
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kAttempts; ++i) {
      threads.emplace_back([&, i] {
        UnlockBackoff backoff(unlock_state_path_for(key), clock);  // loaded before anyone fails
        ready.fetch_add(1);
        while (ready.load() < kAttempts) std::this_thread::yield();
        try {
          (void)unlock_with_backoff(key, "a wrong guess", backoff);
        } catch (const Error& e) {
          results[static_cast<std::size_t>(i)] = e.code();
        }
      });
    }
  }
  const auto wrong = std::count(results.begin(), results.end(), ErrorCode::wrong_passphrase);
  const auto locked = std::count(results.begin(), results.end(), ErrorCode::locked_out);
  CHECK(wrong + locked == kAttempts);
  // Every attempt that tried a passphrase is counted...
  CHECK(UnlockBackoff(unlock_state_path_for(key), clock).failures() == static_cast<std::uint32_t>(wrong));
  // ...the three free ones ran, and the rest met the backoff.
  CHECK(wrong >= UnlockBackoff::kFreeFailures);
  CHECK(locked >= 1);
}

TEST_CASE("backoff: the failure is on disk while the KDF runs, and cleared by a success", "[crypto]") {
  TempDir dir;
  const fs::path key = dir / "keyfile.json";
  SecureKey dek;
  write_key_file_atomically(key, create_key_file("the right one", KdfParams::fast_for_tests(), std::nullopt, "store-1", dek));
  ManualClock clock(kStart);
  UnlockBackoff backoff(unlock_state_path_for(key), clock);
  std::uint32_t seen_during_attempt = 0;
  attempt_with_backoff(backoff, [&] {
    seen_during_attempt = UnlockBackoff(unlock_state_path_for(key), clock).failures();
  });
  CHECK(seen_during_attempt == 1);  // a crash (or kill) mid-KDF leaves it counted
  CHECK(UnlockBackoff(unlock_state_path_for(key), clock).failures() == 0);

  // A damaged key file is not a wrong passphrase: the count is put back.
  CHECK(error_code_of([&] { (void)unlock_with_backoff(key, "a wrong guess", backoff); }) == ErrorCode::wrong_passphrase);
  std::ofstream(key) << "{}";
  CHECK(error_code_of([&] { (void)unlock_with_backoff(key, "a wrong guess", backoff); }) == ErrorCode::damaged);
  CHECK(UnlockBackoff(unlock_state_path_for(key), clock).failures() == 1);
}

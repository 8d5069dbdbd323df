#include "office_data.hpp"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/atomic_file.hpp"
#include "net/tls_identity.hpp"
#include "postgres_office_store.hpp"
#include "sync/enroll_code.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep::office_app {
namespace {

namespace fs = std::filesystem;
constexpr auto kPrivate = fs::perms::owner_read | fs::perms::owner_write;
constexpr auto kPublic = kPrivate | fs::perms::group_read | fs::perms::others_read;

std::string read_text(const fs::path& p) {
  auto text = read_file_if_exists(p, 1u << 20);
  if (!text) throw Error(ErrorCode::not_found, p.string() + ": missing (run `doorstep-office init`?)");
  return *text;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// True if `inner` is `outer` or inside it (after resolving symlinks and "..").
bool is_within(const fs::path& inner, const fs::path& outer) {
  const fs::path a = fs::weakly_canonical(fs::absolute(inner));
  const fs::path b = fs::weakly_canonical(fs::absolute(outer));
  auto ai = a.begin();
  for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
    if (bi->empty()) continue;  // a trailing separator
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

}  // namespace

std::string OfficeData::raw_key() const {
  auto bytes = key_bytes();
  std::string hex = to_hex(bytes);
  sodium_memzero(bytes.data(), bytes.size());
  std::string literal = "x'" + hex + "'";
  sodium_memzero(hex.data(), hex.size());
  return literal;
}

std::vector<std::uint8_t> OfficeData::key_bytes() const {
  std::string hex;
  if (const char* env = std::getenv("DOORSTEP_OFFICE_KEY"); env && *env) {
    hex = env;
  } else {
    hex = trimmed(read_text(m_dir / "office.key"));
  }
  const auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != 32)
    throw Error(ErrorCode::bad_input, "the office store key must be 64 hex digits (office.key or DOORSTEP_OFFICE_KEY)");
  sodium_memzero(hex.data(), hex.size());
  return *bytes;
}

std::string OfficeData::database_url() const {
  if (const char* env = std::getenv("DOORSTEP_OFFICE_DATABASE"); env && *env) return env;
  if (auto text = read_file_if_exists(m_dir / "database.url", 64 * 1024)) return trimmed(*text);
  return {};
}

fs::path OfficeData::default_recovery_out(UtcMillis now) {
  return fs::path(".") / ("doorstep-recovery-" + utc_date(now).to_string() + ".key");
}

bool OfficeData::holds_recovery_secret() const { return fs::exists(legacy_recovery_secret()); }

InitResult OfficeData::init(const InitOptions& options, UtcMillis now) const {
  if (fs::exists(m_dir / "office.db") || fs::exists(m_dir / "database.url"))
    throw Error(ErrorCode::conflict, m_dir.string() + ": an office already exists here");
  std::string database = options.database;
  if (database.empty()) {
    if (const char* env = std::getenv("DOORSTEP_OFFICE_DATABASE"); env && *env) database = env;
  }
  // A wrong URL, an unreachable server or a database that already holds an
  // office: refused before anything is written.
  if (!database.empty()) office::check_postgres_database_is_new(database);
  const fs::path recovery_out = options.recovery_out.empty() ? default_recovery_out(now) : options.recovery_out;
  if (is_within(recovery_out, m_dir))
    throw Error(ErrorCode::usage, "--recovery-out " + recovery_out.string() +
                                      " is inside the data folder: the recovery key must live apart from it");
  if (fs::exists(recovery_out))
    throw Error(ErrorCode::conflict, recovery_out.string() +
                                         ": already exists (another office's recovery key?); move it away or "
                                         "choose another --recovery-out");

  // The recovery key file first: if anything after it fails, no device can
  // have been sealed to a key whose secret is lost.
  const RecoveryKeyPair pair = make_recovery_key_pair();
  {
    std::string text = recovery_key_file_text(pair);
    try {
      write_new_file_atomically(recovery_out, text, kPrivate);
    } catch (...) {
      sodium_memzero(text.data(), text.size());
      throw;
    }
    sodium_memzero(text.data(), text.size());
  }

  fs::create_directories(m_dir);
  fs::permissions(m_dir, fs::perms::owner_all);
  if (const char* env = std::getenv("DOORSTEP_OFFICE_KEY"); !env || !*env) {
    std::array<std::uint8_t, 32> key{};
    randombytes_buf(key.data(), key.size());
    std::string hex = to_hex(key);
    write_file_atomically(m_dir / "office.key", hex + "\n", kPrivate);
    sodium_memzero(hex.data(), hex.size());
    sodium_memzero(key.data(), key.size());
  }
  std::string cert, key;
  if (!options.cert_file.empty() || !options.key_file.empty()) {
    if (options.cert_file.empty() || options.key_file.empty())
      throw Error(ErrorCode::usage, "--cert and --key go together");
    cert = read_text(options.cert_file);
    key = read_text(options.key_file);
  } else {
    auto id = net::make_self_signed_identity(options.hosts, options.cert_days);
    cert = std::move(id.cert_pem);
    key = std::move(id.key_pem);
  }
  const auto pin = net::spki_pin_of(cert);
  write_file_atomically(m_dir / "tls-cert.pem", cert, kPublic);
  write_file_atomically(m_dir / "tls-key.pem", key, kPrivate);
  sodium_memzero(key.data(), key.size());

  write_file_atomically(m_dir / "recovery-public.hex", to_hex(pair.public_key) + "\n", kPublic);

  std::string advertise = options.advertise;
  if (advertise.empty()) advertise = options.hosts.empty() ? "localhost:8443" : options.hosts.front() + ":8443";
  std::string h;
  int p = 0;
  sync::split_host_port(advertise, h, p);
  write_file_atomically(m_dir / "config.json", nlohmann::json{{"advertise", advertise}}.dump(2) + "\n", kPublic);
  if (database.empty()) {
    (void)office::create_sqlcipher_office_store(m_dir / "office.db", raw_key(), now);
  } else {
    auto office_key = key_bytes();
    try {
      (void)office::create_postgres_office_store(database, office_key, now);
    } catch (...) {
      sodium_memzero(office_key.data(), office_key.size());
      throw;
    }
    sodium_memzero(office_key.data(), office_key.size());
    write_file_atomically(m_dir / "database.url", database + "\n", kPrivate);
  }
  return InitResult{to_hex(pin), recovery_out};
}

std::unique_ptr<office::ConsoleStore> OfficeData::open_console_store() const {
  const std::string database = database_url();
  if (database.empty()) return office::open_sqlcipher_console_store(m_dir / "office.db", raw_key());
  auto key = key_bytes();
  try {
    auto console = office::open_postgres_console_store(database, key);
    sodium_memzero(key.data(), key.size());
    return console;
  } catch (...) {
    sodium_memzero(key.data(), key.size());
    throw;
  }
}

std::unique_ptr<office::OfficeStore> OfficeData::open_store() const {
  const std::string database = database_url();
  if (database.empty()) return office::open_sqlcipher_office_store(m_dir / "office.db", raw_key());
  auto key = key_bytes();
  try {
    auto store = office::open_postgres_office_store(database, key);
    sodium_memzero(key.data(), key.size());
    return store;
  } catch (...) {
    sodium_memzero(key.data(), key.size());
    throw;
  }
}

std::string OfficeData::cert_pem() const { return read_text(m_dir / "tls-cert.pem"); }
std::string OfficeData::key_pem() const { return read_text(m_dir / "tls-key.pem"); }

RecoveryPublicKey OfficeData::recovery_public_key() const {
  const auto bytes = from_hex(trimmed(read_text(m_dir / "recovery-public.hex")));
  RecoveryPublicKey pk{};
  if (!bytes || bytes->size() != pk.size())
    throw Error(ErrorCode::damaged, (m_dir / "recovery-public.hex").string() + ": not 64 hex digits");
  std::copy(bytes->begin(), bytes->end(), pk.begin());
  return pk;
}

std::string OfficeData::advertise() const {
  const auto j = nlohmann::json::parse(read_text(m_dir / "config.json"), nullptr, false);
  if (j.is_discarded() || !j.contains("advertise") || !j["advertise"].is_string())
    throw Error(ErrorCode::damaged, (m_dir / "config.json").string() + ": no \"advertise\" address");
  return j["advertise"].get<std::string>();
}

}  // namespace doorstep::office_app

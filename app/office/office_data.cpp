#include "office_data.hpp"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/atomic_file.hpp"
#include "net/tls_identity.hpp"
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

}  // namespace

std::string OfficeData::raw_key() const {
  std::string hex;
  if (const char* env = std::getenv("DOORSTEP_OFFICE_KEY"); env && *env) {
    hex = env;
  } else {
    hex = trimmed(read_text(m_dir / "office.key"));
  }
  const auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != 32)
    throw Error(ErrorCode::bad_input, "the office store key must be 64 hex digits (office.key or DOORSTEP_OFFICE_KEY)");
  return "x'" + hex + "'";
}

std::string OfficeData::init(const InitOptions& options, UtcMillis now) const {
  if (fs::exists(m_dir / "office.db")) throw Error(ErrorCode::conflict, m_dir.string() + ": an office already exists here");
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

  const RecoveryKeyPair pair = make_recovery_key_pair();
  write_file_atomically(m_dir / "recovery-public.hex", to_hex(pair.public_key) + "\n", kPublic);
  std::string secret_hex = to_hex(pair.secret_key.bytes());
  write_file_atomically(m_dir / "recovery-secret.hex", secret_hex + "\n", kPrivate);
  sodium_memzero(secret_hex.data(), secret_hex.size());

  std::string advertise = options.advertise;
  if (advertise.empty()) advertise = options.hosts.empty() ? "localhost:8443" : options.hosts.front() + ":8443";
  std::string h;
  int p = 0;
  sync::split_host_port(advertise, h, p);
  write_file_atomically(m_dir / "config.json", nlohmann::json{{"advertise", advertise}}.dump(2) + "\n", kPublic);
  (void)office::create_sqlcipher_office_store(m_dir / "office.db", raw_key(), now);
  return to_hex(pin);
}

std::unique_ptr<office::OfficeStore> OfficeData::open_store() const {
  return office::open_sqlcipher_office_store(m_dir / "office.db", raw_key());
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

#include <algorithm>
#include <set>
#include <string>

#include "crypto/atomic_file.hpp"
#include "crypto/key_file.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep {

namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "doorstep-keyfile";
constexpr std::string_view kKdfAlg = "argon2id13";
constexpr std::string_view kWrapAlg = "xchacha20poly1305-ietf";
constexpr std::string_view kRecoveryAlg = "x25519-sealedbox";
constexpr std::size_t kMaxKeyFileSize = 64 * 1024;  // real ones are < 1 KiB
constexpr std::size_t kMaxStoreIdSize = 256;

// Reads one JSON object of the key file; every problem is
// Error(damaged, "<file>: key file is damaged: <field>: <what>").
// finish() rejects fields nobody read.
class Fields {
 public:
  Fields(const json& value, std::string_view file, std::string prefix)
      : m_value(value), m_file(file), m_prefix(std::move(prefix)) {
    if (!m_value.is_object()) fail_here(m_prefix.empty() ? "not a JSON object" : "must be an object");
  }

  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    throw Error(ErrorCode::damaged, std::string(m_file) + ": key file is damaged: " + name(key) + ": " + std::string(what));
  }
  [[noreturn]] void fail_here(std::string_view what) const {
    const std::string where = m_prefix.empty() ? "" : m_prefix + ": ";
    throw Error(ErrorCode::damaged, std::string(m_file) + ": key file is damaged: " + where + std::string(what));
  }

  bool has(std::string_view key) const { return m_value.contains(key); }

  const json& required(std::string_view key) {
    const auto it = m_value.find(key);
    if (it == m_value.end()) fail(key, "missing");
    m_read.emplace(key);
    return *it;
  }

  const std::string& string(std::string_view key) {
    const json& v = required(key);
    if (!v.is_string()) fail(key, "must be a string");
    return v.get_ref<const std::string&>();
  }

  void expect(std::string_view key, std::string_view wanted) {
    if (string(key) != wanted) fail(key, "must be \"" + std::string(wanted) + "\"");
  }

  std::uint64_t unsigned_int(std::string_view key, std::uint64_t min, std::uint64_t max) {
    const json& v = required(key);
    // Parsed JSON holds non-negative integers as unsigned; built JSON may not.
    if (!v.is_number_integer() || (!v.is_number_unsigned() && v.get<std::int64_t>() < 0)) {
      fail(key, "must be a non-negative integer");
    }
    const auto n = v.get<std::uint64_t>();
    if (n < min || n > max) fail(key, std::to_string(n) + " is out of range");
    return n;
  }

  // Exactly N bytes as 2N lower-case hex digits.
  template <std::size_t N>
  std::array<std::uint8_t, N> hex(std::string_view key) {
    const std::string& text = string(key);
    const bool lower = std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'F'; });
    const auto bytes = from_hex(text);
    if (!lower || !bytes || bytes->size() != N) fail(key, "must be " + std::to_string(2 * N) + " lower-case hex digits");
    std::array<std::uint8_t, N> out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
  }

  Fields object(std::string_view key) { return Fields(required(key), m_file, name(key)); }

  void finish() const {
    for (const auto& [key, _] : m_value.items()) {
      if (!m_read.contains(key)) fail(key, "unknown field");
    }
  }

 private:
  std::string name(std::string_view key) const {
    return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key);
  }

  const json& m_value;
  std::string_view m_file;
  std::string m_prefix;
  std::set<std::string, std::less<>> m_read;
};

}  // namespace

json to_json(const KeyFile& file) {
  json out = {
      {"format", kFormat},
      {"version", KeyFile::kVersion},
      {"kdf",
       {{"alg", kKdfAlg}, {"opslimit", file.kdf.opslimit}, {"memlimit", file.kdf.memlimit}, {"salt", to_hex(file.salt)}}},
      {"wrap", {{"alg", kWrapAlg}, {"nonce", to_hex(file.nonce)}, {"ciphertext", to_hex(file.ciphertext)}}},
      {"store_id", file.store_id},
  };
  if (file.recovery) {
    out["recovery"] = {{"alg", kRecoveryAlg},
                       {"sealed", to_hex(file.recovery->sealed)},
                       {"recovery_key_id", to_hex(file.recovery->recovery_key_id)}};
  }
  return out;
}

KeyFile key_file_from_json(const json& value, std::string_view path_for_errors) {
  Fields top(value, path_for_errors, "");
  top.expect("format", kFormat);
  const std::uint64_t version = top.unsigned_int("version", 0, UINT64_MAX);
  if (version != KeyFile::kVersion) {
    top.fail("version", "version " + std::to_string(version) + " is not supported (this app reads version 1)");
  }

  KeyFile file;
  Fields kdf = top.object("kdf");
  kdf.expect("alg", kKdfAlg);
  file.kdf.opslimit = kdf.unsigned_int("opslimit", KdfParams::kMinOps, KdfParams::kMaxOps);
  file.kdf.memlimit = static_cast<std::size_t>(kdf.unsigned_int("memlimit", KdfParams::kMinMem, KdfParams::kMaxMem));
  file.salt = kdf.hex<16>("salt");
  kdf.finish();

  Fields wrap = top.object("wrap");
  wrap.expect("alg", kWrapAlg);
  file.nonce = wrap.hex<24>("nonce");
  file.ciphertext = wrap.hex<48>("ciphertext");
  wrap.finish();

  if (top.has("recovery")) {
    Fields rec = top.object("recovery");
    rec.expect("alg", kRecoveryAlg);
    RecoveryWrap r;
    r.sealed = rec.hex<80>("sealed");
    r.recovery_key_id = rec.hex<8>("recovery_key_id");
    rec.finish();
    file.recovery = r;
  }

  file.store_id = top.string("store_id");
  if (file.store_id.empty() || file.store_id.size() > kMaxStoreIdSize) {
    top.fail("store_id", "must be 1 to " + std::to_string(kMaxStoreIdSize) + " characters");
  }
  top.finish();
  return file;
}

void write_key_file_atomically(const std::filesystem::path& path, const KeyFile& file) {
  write_file_atomically(path, to_json(file).dump(2) + "\n");
}

KeyFile read_key_file(const std::filesystem::path& path) {
  const std::optional<std::string> text = read_file_if_exists(path, kMaxKeyFileSize);
  if (!text) throw Error(ErrorCode::io, path.string() + ": key file not found");
  const std::string name = path.string();
  if (text->size() > kMaxKeyFileSize) {
    throw Error(ErrorCode::damaged, name + ": key file is damaged: larger than " + std::to_string(kMaxKeyFileSize) + " bytes");
  }
  const json value = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw Error(ErrorCode::damaged, name + ": key file is damaged: not valid JSON");
  return key_file_from_json(value, name);
}

}  // namespace doorstep

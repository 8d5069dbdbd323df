#include "model/mo_catalog.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include "util/error.hpp"

namespace doorstep::field {

namespace {

constexpr std::uint32_t kMagic = 0x950412de;

struct Reader {
  std::string_view bytes;
  bool swap = false;
  const std::string& source;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorCode::bad_input, source + ": not a valid .mo catalog: " + what);
  }
  std::uint32_t u32(std::size_t offset) const {
    if (offset > bytes.size() || bytes.size() - offset < 4) fail("offset " + std::to_string(offset) + " is past the end");
    std::uint32_t v = 0;
    std::memcpy(&v, bytes.data() + offset, 4);
    if (swap) v = __builtin_bswap32(v);
    return v;
  }
  // The string described by the (length, offset) pair at table entry `index`.
  std::string_view string_at(std::uint32_t table, std::uint32_t index) const {
    const std::size_t entry = std::size_t{table} + std::size_t{index} * 8;
    const std::uint32_t length = u32(entry);
    const std::uint32_t offset = u32(entry + 4);
    if (offset > bytes.size() || bytes.size() - offset < std::size_t{length} + 1)
      fail("string " + std::to_string(index) + " runs past the end");
    return bytes.substr(offset, length);
  }
};

}  // namespace

MoCatalog MoCatalog::parse(std::string_view bytes, const std::string& source_name) {
  Reader r{bytes, false, source_name};
  if (bytes.size() < 28) r.fail("shorter than its header");
  std::uint32_t magic = 0;
  std::memcpy(&magic, bytes.data(), 4);
  if (magic != kMagic) {
    if (__builtin_bswap32(magic) != kMagic) r.fail("wrong magic number");
    r.swap = true;
  }
  if ((r.u32(4) >> 16) != 0) r.fail("unknown major revision " + std::to_string(r.u32(4) >> 16));
  const std::uint32_t count = r.u32(8);
  const std::uint32_t originals = r.u32(12);
  const std::uint32_t translations = r.u32(16);
  if (count > bytes.size() / 16) r.fail("claims " + std::to_string(count) + " strings");
  MoCatalog catalog;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string_view id = r.string_at(originals, i);
    std::string_view text = r.string_at(translations, i);
    if (const auto ctx = id.find('\x04'); ctx != std::string_view::npos) id = id.substr(ctx + 1);
    id = id.substr(0, id.find('\0'));        // plural: msgid, then msgid_plural
    text = text.substr(0, text.find('\0'));  // plural: the singular form
    if (id.empty() || text.empty()) continue;
    catalog.m_strings.emplace(std::string(id), std::string(text));
  }
  return catalog;
}

MoCatalog MoCatalog::load_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::io, path.string() + ": cannot be read");
  std::string bytes;
  bytes.resize(kMaxFileBytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > kMaxFileBytes) throw Error(ErrorCode::bad_input, path.string() + ": larger than 8 MiB");
  return parse(bytes, path.filename().string());
}

const std::string* MoCatalog::find(std::string_view msgid) const {
  const auto it = m_strings.find(msgid);
  return it == m_strings.end() ? nullptr : &it->second;
}

}  // namespace doorstep::field

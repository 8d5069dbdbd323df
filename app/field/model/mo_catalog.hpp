#pragma once
// A compiled GNU gettext catalog (.mo, as `msgfmt` writes it from a .po
// file): msgid -> msgstr. The field app reads the catalogs itself rather
// than through setlocale()/gettext(), so the language can change at run time
// without the system having that locale installed.
//
// The file is input from disk and is parsed as hostile: every offset and
// length is checked against the file size; a bad file is Error(bad_input)
// naming what is wrong. Entries with a context (msgctxt) or plural forms
// keep only their singular form under the plain msgid; the header entry
// (empty msgid) is skipped; empty translations are treated as missing.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep::field {

class MoCatalog {
 public:
  static constexpr std::size_t kMaxFileBytes = 8 * 1024 * 1024;

  static MoCatalog parse(std::string_view bytes, const std::string& source_name);
  // Error(io) if unreadable, Error(bad_input) if malformed.
  static MoCatalog load_file(const std::filesystem::path& path);

  // The translation, or nullptr when the catalog has none.
  [[nodiscard]] const std::string* find(std::string_view msgid) const;
  [[nodiscard]] std::size_t size() const { return m_strings.size(); }
  [[nodiscard]] const std::map<std::string, std::string, std::less<>>& entries() const { return m_strings; }

 private:
  std::map<std::string, std::string, std::less<>> m_strings;
};

}  // namespace doorstep::field

#include "model/translator.hpp"

#include <cstdlib>
#include <vector>

namespace doorstep::field {

namespace {

const Translator* g_current = nullptr;  // main thread only (see the header)

}  // namespace

const char* language_code(Language language) { return language == Language::cy ? "cy" : "en"; }

const char* language_name(Language language) { return language == Language::cy ? "Cymraeg" : "English"; }

std::optional<Language> parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "cy") return Language::cy;
  return std::nullopt;
}

std::filesystem::path default_locale_dir() {
  if (const char* env = std::getenv("DOORSTEP_LOCALE_DIR"); env != nullptr && *env != '\0') return env;
  return DOORSTEP_LOCALE_DIR;
}

std::filesystem::path catalog_file(const std::filesystem::path& locale_dir, Language language) {
  return locale_dir / (std::string(language_code(language)) + ".mo");
}

void Translator::set_language(Language language, const std::filesystem::path& locale_dir) {
  MoCatalog catalog = language == Language::en ? MoCatalog{} : MoCatalog::load_file(catalog_file(locale_dir, language));
  m_catalog = std::move(catalog);
  m_language = language;
}

const char* Translator::translate(const char* msgid) const {
  const std::string* s = m_catalog.find(msgid);
  return s != nullptr ? s->c_str() : msgid;
}

const char* tr(const char* msgid) { return g_current != nullptr ? g_current->translate(msgid) : msgid; }

void set_current_translator(const Translator* t) { g_current = t; }

std::string fill(std::string_view format, std::initializer_list<std::string_view> values) {
  const std::vector<std::string_view> v(values);
  std::string out;
  std::size_t next = 0;  // the next value for a plain %s
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 >= format.size()) {
      out += format[i];
      continue;
    }
    if (format[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    std::size_t index = next;
    std::size_t j = i + 1;
    if (format[j] >= '1' && format[j] <= '9' && j + 2 < format.size() && format[j + 1] == '$') {
      index = static_cast<std::size_t>(format[j] - '1');
      j += 2;
    } else {
      ++next;
    }
    if (format[j] == 's' && index < v.size()) {
      out += v[index];
      i = j;
    } else {
      out += format[i];
    }
  }
  return out;
}

}  // namespace doorstep::field

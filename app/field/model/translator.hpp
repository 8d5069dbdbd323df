#pragma once
// The UI's language. Strings go through GNU gettext's file format: the
// translatable strings are marked tr("...") in the sources (xgettext finds
// them), translators work in assets/locale/<lang>.po, the build compiles
// each with `msgfmt --check` to <build>/locale/<lang>.mo, and the app reads
// the .mo (mo_catalog.hpp). English is the source language: it needs no
// catalog, and a string missing from another catalog shows in English.
//
// tr() reads the process-wide current translator, which the App sets on the
// main thread (like gettext's textdomain); worker threads never call tr().
// Strings with values use "%s" placeholders filled by fill() (msgfmt
// --check compares the placeholders of msgid and msgstr; "%1$s" reorders).
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "model/mo_catalog.hpp"

namespace doorstep::field {

enum class Language { en, cy };

const char* language_code(Language language);  // "en", "cy"
const char* language_name(Language language);  // in its own language: "English", "Cymraeg"
std::optional<Language> parse_language(std::string_view code);

// $DOORSTEP_LOCALE_DIR if set and non-empty, else the build's locale folder.
std::filesystem::path default_locale_dir();
// <dir>/<code>.mo
std::filesystem::path catalog_file(const std::filesystem::path& locale_dir, Language language);

class Translator {
 public:
  // Loads the language's catalog from `locale_dir` (none for English).
  // Throws (Error io / bad_input) and stays as it was if it cannot.
  void set_language(Language language, const std::filesystem::path& locale_dir);
  [[nodiscard]] Language language() const { return m_language; }
  // The translation, or `msgid` itself. Valid until the next set_language.
  [[nodiscard]] const char* translate(const char* msgid) const;
  [[nodiscard]] bool has(std::string_view msgid) const { return m_catalog.find(msgid) != nullptr; }

 private:
  Language m_language = Language::en;
  MoCatalog m_catalog;
};

// The current language's text for `msgid` (English when there is none).
const char* tr(const char* msgid);
// Makes `t` current (nullptr: English). The App does this at start.
void set_current_translator(const Translator* t);

// Replaces the n-th "%s" (or "%n$s") in `format` with values[n-1]; "%%" is
// "%". A placeholder without a value stays as it is.
std::string fill(std::string_view format, std::initializer_list<std::string_view> values);

}  // namespace doorstep::field

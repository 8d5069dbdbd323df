#include "model/ui_settings.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "crypto/atomic_file.hpp"

namespace doorstep::field {

float font_px(TextSize size) {
  switch (size) {
    case TextSize::normal: return 20.0F;
    case TextSize::large: return 24.0F;
    case TextSize::extra_large: return 30.0F;
    case TextSize::double_size: return 40.0F;
  }
  return 24.0F;
}

const char* text_size_label(TextSize size) {
  switch (size) {
    case TextSize::normal: return tr("Normal");
    case TextSize::large: return tr("Large");
    case TextSize::extra_large: return tr("Extra large");
    case TextSize::double_size: return tr("200%");
  }
  return tr("Large");
}

const char* theme_label(Theme theme) {
  switch (theme) {
    case Theme::light: return tr("Light");
    case Theme::dark: return tr("Dark");
    case Theme::high_contrast: return tr("High contrast");
  }
  return tr("Light");
}

std::filesystem::path settings_file(const std::filesystem::path& store_dir) { return store_dir / "field-settings.json"; }

UiSettings load_settings(const std::filesystem::path& store_dir) {
  UiSettings s;
  std::optional<std::string> text;
  try {
    text = read_file_if_exists(settings_file(store_dir), 64 * 1024);
  } catch (const std::exception&) {
    return s;
  }
  if (!text) return s;
  const auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object()) return s;
  const auto get_int = [&j](const char* key, int fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
  };
  s.text_size = static_cast<TextSize>(std::clamp(get_int("text_size", 1), 0, 3));
  s.theme = static_cast<Theme>(std::clamp(get_int("theme", 0), 0, 2));
  s.auto_lock_minutes = std::clamp(get_int("auto_lock_minutes", 5), 1, UiSettings::kMaxAutoLockMinutes);
  if (const auto it = j.find("lock_on_focus_lost"); it != j.end() && it->is_boolean()) s.lock_on_focus_lost = it->get<bool>();
  if (const auto it = j.find("language"); it != j.end() && it->is_string()) {
    if (const auto lang = parse_language(it->get<std::string>())) s.language = *lang;
  }
  return s;
}

void save_settings(const std::filesystem::path& store_dir, const UiSettings& s) {
  const nlohmann::json j = {{"text_size", static_cast<int>(s.text_size)},
                            {"theme", static_cast<int>(s.theme)},
                            {"auto_lock_minutes", s.auto_lock_minutes},
                            {"lock_on_focus_lost", s.lock_on_focus_lost},
                            {"language", language_code(s.language)}};
  write_file_atomically(settings_file(store_dir), j.dump(2));
}

}  // namespace doorstep::field

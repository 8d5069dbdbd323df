#pragma once
// The officer's display and locking preferences. They are kept in a plain
// file next to the store (field-settings.json), not in the encrypted store:
// the unlock screen must be readable in the chosen text size and theme
// before there is a key. Nothing in it is personal data. Values read from
// the file are clamped (a hand-edited file cannot stretch auto-lock past
// kMaxAutoLockMinutes).
#include <filesystem>

#include "model/translator.hpp"

namespace doorstep::field {

// double_size is 200% of normal (40 px): the screens must not clip at it.
enum class TextSize { normal, large, extra_large, double_size };
enum class Theme { light, dark, high_contrast };

struct UiSettings {
  static constexpr int kMaxAutoLockMinutes = 30;

  TextSize text_size = TextSize::large;
  Theme theme = Theme::light;
  int auto_lock_minutes = 5;     // 1..kMaxAutoLockMinutes
  bool lock_on_focus_lost = false;  // minimising always locks
  Language language = Language::en;

  bool operator==(const UiSettings&) const = default;
};

float font_px(TextSize size);
const char* text_size_label(TextSize size);
const char* theme_label(Theme theme);

std::filesystem::path settings_file(const std::filesystem::path& store_dir);
// Defaults if missing or unreadable.
UiSettings load_settings(const std::filesystem::path& store_dir);
// Written atomically; throws doorstep::Error on failure.
void save_settings(const std::filesystem::path& store_dir, const UiSettings& s);

}  // namespace doorstep::field

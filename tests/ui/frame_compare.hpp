#pragma once
// Compares two rendered frames pixel by pixel (RGB; alpha ignored), e.g. the
// GLES 3 build's screenshot against the desktop GL build's of the same
// screen, and reads the PNGs the screenshot test writes.
#include <filesystem>
#include <optional>

#include "window/sdl_gl_window.hpp"

namespace doorstep::field::test {

// A channel difference above this counts the pixel as changed: more than
// rounding, less than any two colours of the themes.
inline constexpr int kFrameChannelTolerance = 16;

struct FrameDifference {
  bool same_size = false;      // when false the other fields are 0
  double mean_abs = 0;         // mean |a - b| over every R, G and B value (0..255)
  double changed_share = 0;    // pixels with any channel off by > kFrameChannelTolerance, over all pixels
  std::size_t changed_pixels = 0;
};

[[nodiscard]] FrameDifference compare_frames(const platform::Rgba8Image& a, const platform::Rgba8Image& b);

// The PNG at `file` as RGBA, or nullopt if it is missing or not a PNG.
[[nodiscard]] std::optional<platform::Rgba8Image> read_png_rgba(const std::filesystem::path& file);

}  // namespace doorstep::field::test

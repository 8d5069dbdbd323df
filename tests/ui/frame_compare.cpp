#include "frame_compare.hpp"

#include <stb_image.h>

#include <cstdlib>
#include <memory>

namespace doorstep::field::test {

FrameDifference compare_frames(const platform::Rgba8Image& a, const platform::Rgba8Image& b) {
  FrameDifference d;
  const auto expected = static_cast<std::size_t>(a.width) * static_cast<std::size_t>(a.height) * 4;
  if (a.width != b.width || a.height != b.height || a.pixels.size() != expected || b.pixels.size() != expected) return d;
  d.same_size = true;
  if (expected == 0) return d;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < expected; i += 4) {
    int worst = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      const int diff = std::abs(int{a.pixels[i + c]} - int{b.pixels[i + c]});
      sum += static_cast<std::uint64_t>(diff);
      worst = std::max(worst, diff);
    }
    if (worst > kFrameChannelTolerance) ++d.changed_pixels;
  }
  const auto pixels = static_cast<double>(expected / 4);
  d.mean_abs = static_cast<double>(sum) / (pixels * 3);
  d.changed_share = static_cast<double>(d.changed_pixels) / pixels;
  return d;
}

std::optional<platform::Rgba8Image> read_png_rgba(const std::filesystem::path& file) {
  int w = 0;
  int h = 0;
  int channels = 0;
  const std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load(file.c_str(), &w, &h, &channels, 4), stbi_image_free);
  if (!data || w <= 0 || h <= 0) return std::nullopt;
  platform::Rgba8Image img;
  img.width = w;
  img.height = h;
  const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
  img.pixels.assign(data.get(), data.get() + n);
  return img;
}

}  // namespace doorstep::field::test

// The frame comparison the GLES run relies on: it must see a real change and
// ignore none. No display needed.
#include <catch2/catch.hpp>

#include <stb_image_write.h>

#include "frame_compare.hpp"
#include "ui_harness.hpp"

using namespace doorstep;
using namespace doorstep::field::test;

namespace {

platform::Rgba8Image solid(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  platform::Rgba8Image img{w, h, {}};
  for (int i = 0; i < w * h; ++i) img.pixels.insert(img.pixels.end(), {r, g, b, 255});
  return img;
}

}  // namespace

TEST_CASE("frame comparison: identical frames differ by nothing", "[ui][frames]") {
  const auto a = solid(40, 30, 10, 200, 30);
  const auto d = compare_frames(a, a);
  CHECK(d.same_size);
  CHECK(d.mean_abs == 0);
  CHECK(d.changed_pixels == 0);
}

TEST_CASE("frame comparison: a changed block is counted, a rounding difference is not", "[ui][frames]") {
  const auto a = solid(100, 100, 100, 100, 100);
  auto b = a;
  // One pixel off by the tolerance (rounding) and a 10 x 10 block recoloured.
  b.pixels[0] = static_cast<std::uint8_t>(100 + kFrameChannelTolerance);
  for (int y = 50; y < 60; ++y) {
    for (int x = 50; x < 60; ++x) b.pixels[static_cast<std::size_t>((y * 100 + x) * 4 + 2)] = 255;
  }
  const auto d = compare_frames(a, b);
  REQUIRE(d.same_size);
  CHECK(d.changed_pixels == 100);
  CHECK(d.changed_share == Approx(0.01));
  CHECK(d.mean_abs == Approx((kFrameChannelTolerance + 100.0 * 155) / (100.0 * 100 * 3)));
}

TEST_CASE("frame comparison: frames of different sizes never match", "[ui][frames]") {
  const auto d = compare_frames(solid(10, 10, 0, 0, 0), solid(10, 11, 0, 0, 0));
  CHECK_FALSE(d.same_size);
}

TEST_CASE("frame comparison: a PNG reads back as written, a missing one as nothing", "[ui][frames]") {
  const auto dir = doorstep::field::test::fresh_dir("frame-compare");
  auto img = solid(7, 5, 1, 2, 3);
  img.pixels[4] = 250;  // second pixel's red
  const auto file = dir / "f.png";
  REQUIRE(stbi_write_png(file.c_str(), img.width, img.height, 4, img.pixels.data(), img.width * 4) != 0);
  const auto back = read_png_rgba(file);
  REQUIRE(back.has_value());
  CHECK(back->width == 7);
  CHECK(back->height == 5);
  CHECK(back->pixels == img.pixels);
  CHECK_FALSE(read_png_rgba(dir / "missing.png").has_value());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

#include "console/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

#include "util/error.hpp"

namespace doorstep::office_app {

QrPath qr_path(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) throw Error(ErrorCode::bad_input, "the enrolment code cannot be drawn as a QR code");
  constexpr int kQuiet = 4;
  QrPath out;
  out.size = code->width + 2 * kQuiet;
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if (code->data[y * code->width + x] & 1)
        out.path += "M" + std::to_string(x + kQuiet) + " " + std::to_string(y + kQuiet) + "h1v1h-1z";
    }
  }
  return out;
}

}  // namespace doorstep::office_app

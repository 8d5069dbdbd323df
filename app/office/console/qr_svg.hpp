#pragma once
// An enrolment code as a QR code (libqrencode, error correction M), drawn
// by a template as one SVG path of unit squares: numbers only, so nothing
// from the code's text reaches the markup.
#include <string>

namespace doorstep::office_app {

struct QrPath {
  int size = 0;      // modules per side, quiet zone of 4 included
  std::string path;  // SVG path data: "M{x} {y}h1v1h-1z" per dark module
};

// Error(bad_input) if the text cannot be encoded (too long).
QrPath qr_path(const std::string& text);

}  // namespace doorstep::office_app

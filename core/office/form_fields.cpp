#include "office/form_fields.hpp"

#include "util/error.hpp"

namespace doorstep::office {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view in, std::string_view field) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      const int hi = i + 2 < in.size() ? hex_value(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hex_value(in[i + 2]) : -1;
      if (i + 2 >= in.size() || hi < 0 || lo < 0)
        throw Error(ErrorCode::bad_input, std::string(field.substr(0, 64)) + ": a bad %-escape");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\r' && c != '\n') || u == 0x7f)
      throw Error(ErrorCode::bad_input, std::string(field.substr(0, 64)) + ": a control character");
    out.push_back(c);
  }
  return out;
}

}  // namespace

FormFields FormFields::parse(std::string_view encoded) {
  FormFields f;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    if (f.m_fields.size() >= kMaxFields) throw Error(ErrorCode::bad_input, "form: too many fields");
    const auto eq = pair.find('=');
    const std::string name = decode(pair.substr(0, eq), "form field name");
    if (name.size() > 64) throw Error(ErrorCode::bad_input, "form: a field name is over 64 bytes");
    const std::string value = eq == std::string_view::npos ? std::string{} : decode(pair.substr(eq + 1), name);
    f.m_fields.emplace_back(name, value);
  }
  return f;
}

std::string FormFields::get(std::string_view name) const {
  for (const auto& [n, v] : m_fields) {
    if (n == name) return v;
  }
  return {};
}

bool FormFields::has(std::string_view name) const {
  for (const auto& [n, v] : m_fields) {
    if (n == name) return true;
  }
  return false;
}

std::vector<std::string> FormFields::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : m_fields) {
    if (n == name) out.push_back(v);
  }
  return out;
}

}  // namespace doorstep::office

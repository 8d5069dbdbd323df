// libFuzzer target: parse_json_limited (domain/json_limits.hpp) and the
// JsonReader over what it builds. Built with -DDOORSTEP_FUZZ=ON and clang;
// run by scripts/fuzz.sh. Checks, besides "no crash, no sanitizer report":
//  - anything thrown is Error(bad_input);
//  - the fast path (simdjson) and the reference (nlohmann alone) give the
//    same answer: the same refusal, or equal values that dump the same;
//  - an accepted value is within every limit (measured without recursion)
//    and equals what nlohmann::json::parse builds from the same text.
// The first input byte picks the limits: the protocol's change or request
// limits, or tiny ones (from the next bytes) so the fuzzer reaches every
// limit's edge quickly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/json_limits.hpp"
#include "domain/json_reader.hpp"
#include "sync/protocol.hpp"
#include "util/error.hpp"

namespace {

using doorstep::JsonLimits;
using nlohmann::json;

void check(bool ok) {
  if (!ok) std::abort();
}

// Depth, value count, widest container and longest string of `root`, with
// an explicit stack.
struct Shape {
  std::size_t depth = 0, values = 0, widest = 0, longest = 0;
};
Shape measure(const json& root) {
  Shape s;
  std::vector<std::pair<const json*, std::size_t>> stack{{&root, 0}};
  while (!stack.empty()) {
    auto [v, d] = stack.back();
    stack.pop_back();
    ++s.values;
    if (v->is_string()) s.longest = std::max(s.longest, v->get_ref<const std::string&>().size());
    if (!v->is_structured()) continue;
    s.depth = std::max(s.depth, d + 1);
    s.widest = std::max(s.widest, v->size());
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (v->is_object()) s.longest = std::max(s.longest, it.key().size());
      stack.emplace_back(&*it, d + 1);
    }
  }
  return s;
}

void read_with_json_reader(const json& j) {
  using doorstep::Error;
  try {
    doorstep::JsonReader r(j, "fuzz");
    try { (void)r.required_string("s", 16, false); } catch (const Error&) {}
    try { (void)r.optional_string("o", 8); } catch (const Error&) {}
    try { (void)r.required_int64("i", -5, 1000); } catch (const Error&) {}
    try { (void)r.required_uint64("u"); } catch (const Error&) {}
    try { (void)r.required_bool("b"); } catch (const Error&) {}
    try { (void)r.optional_int("n", 0, 120); } catch (const Error&) {}
    try { (void)r.optional_date("d"); } catch (const Error&) {}
    try {
      for (const auto& [v, path] : r.required_array("a", 4)) {
        doorstep::JsonReader inner(*v, path);
        (void)inner.optional_string("x", 4);
        inner.finish();
      }
    } catch (const Error&) {}
    r.finish();
  } catch (const Error& e) {
    check(e.code() == doorstep::ErrorCode::bad_input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  JsonLimits limits;
  std::size_t skip = 1;
  switch (data[0] % 3) {
    case 0: limits = doorstep::sync::kChangeJsonLimits; break;
    case 1: limits = doorstep::sync::kRequestJsonLimits; break;
    default:
      if (size < 5) return 0;
      limits = {.max_bytes = 64u + data[1],
                .max_depth = data[1] % 8u,
                .max_string_bytes = data[2] % 17u,
                .max_elements = data[3] % 9u,
                .max_values = data[4] % 33u};
      skip = 5;
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + skip, size - skip);
  // The fast path (simdjson) gives the reference's answer (nlohmann alone):
  // the same refusal, word for word, or an equal value dumped the same.
  json value, by_reference;
  std::string refusal, reference_refusal;
  try {
    by_reference = doorstep::parse_json_limited_reference(text, limits, "fuzz");
  } catch (const doorstep::Error& e) {
    check(e.code() == doorstep::ErrorCode::bad_input);
    reference_refusal = e.what();
  }
  try {
    value = doorstep::parse_json_limited(text, limits, "fuzz");
  } catch (const doorstep::Error& e) {
    check(e.code() == doorstep::ErrorCode::bad_input);
    refusal = e.what();
  }
  check(refusal == reference_refusal);
  if (!refusal.empty()) return 0;
  check(value == by_reference && value.dump() == by_reference.dump());
  const Shape s = measure(value);
  check(text.size() <= limits.max_bytes);
  check(s.depth <= limits.max_depth);
  check(s.values <= limits.max_values);
  check(s.widest <= limits.max_elements);
  check(s.longest <= limits.max_string_bytes);
  // Accepted: nlohmann accepts it too, and builds the same value.
  json reference;
  try {
    reference = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const json::exception&) {
    check(false);  // a number out of range that the limited parser let through
  }
  check(!reference.is_discarded());
  check(reference == value);
  read_with_json_reader(value);
  return 0;
}

// libFuzzer target: the office's request decoders and the service's request
// handling (without a store write path reachable: no credentials). Built
// with -DDOORSTEP_FUZZ=ON and clang; run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sync/protocol.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  using namespace doorstep;
  try { (void)sync::decode_enroll_request(body); } catch (const Error&) {}
  try { (void)sync::decode_push_request(body); } catch (const Error&) {}
  try { (void)sync::decode_pull_request(body); } catch (const Error&) {}
  try { (void)sync::decode_pull_response(body); } catch (const Error&) {}
  (void)sync::decode_error_body(body);
  return 0;
}

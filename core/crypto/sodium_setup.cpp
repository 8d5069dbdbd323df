#include "crypto/sodium_setup.hpp"

#include <sodium.h>

#include "util/error.hpp"

namespace doorstep {

void ensure_sodium() {
  // sodium_init() is thread-safe and idempotent (returns 1 when already done);
  // the static only saves the call.
  static const int rc = sodium_init();
  if (rc < 0) throw Error(ErrorCode::internal, "libsodium could not be initialised");
}

}  // namespace doorstep

#pragma once
// The --kdf option of doorstep-cli init / enroll and doorstep-office recover.
// "standard" (KdfParams::interactive_default) is what real stores get.
// "fast" (KdfParams::fast_for_tests: ~10 ms, for tests and throwaway demo
// stores) exists only in builds configured with DOORSTEP_ALLOW_FAST_KDF=ON
// (the default for dev and ASan builds; OFF for Release). Without it the
// option is not registered at all: absent from --help, and `--kdf fast` is a
// usage error.
#include <CLI/CLI.hpp>

#include <string>

#include "crypto/kdf_params.hpp"

namespace doorstep::cmdline {

inline void add_kdf_option([[maybe_unused]] CLI::App& command, [[maybe_unused]] std::string& profile) {
#ifdef DOORSTEP_ALLOW_FAST_KDF
  command.add_option("--kdf", profile, "Passphrase hardening: standard, or fast (tests and throwaway demos only)")
      ->check(CLI::IsMember({"standard", "fast"}))
      ->capture_default_str();
#endif
}

inline KdfParams kdf_params_for([[maybe_unused]] const std::string& profile) {
#ifdef DOORSTEP_ALLOW_FAST_KDF
  if (profile == "fast") return KdfParams::fast_for_tests();
#endif
  return KdfParams::interactive_default();
}

}  // namespace doorstep::cmdline

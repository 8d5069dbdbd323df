#include "rules/assets_dir.hpp"

#include <cstdlib>

#ifndef DOORSTEP_ASSETS_DIR
#error "DOORSTEP_ASSETS_DIR must be defined by the build"
#endif

namespace doorstep {

std::filesystem::path default_assets_dir() {
  if (const char* env = std::getenv("DOORSTEP_ASSETS"); env && *env) return env;
  return DOORSTEP_ASSETS_DIR;
}

}  // namespace doorstep

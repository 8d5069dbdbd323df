#include "paths/data_paths.hpp"

#include <cstdlib>

namespace doorstep::platform {

std::filesystem::path default_store_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "doorstep";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local" / "share" / "doorstep";
  return std::filesystem::current_path() / "doorstep-data";
}

}  // namespace doorstep::platform

#pragma once
// Where a program keeps its data on this platform (XDG on Linux).
#include <filesystem>

namespace doorstep::platform {

// $XDG_DATA_HOME/doorstep, or ~/.local/share/doorstep.
std::filesystem::path default_store_dir();

}  // namespace doorstep::platform

#pragma once
// Where the shipped checklist templates and rule sets live.
#include <filesystem>

namespace doorstep {

// $DOORSTEP_ASSETS if set and non-empty, else the build-time DOORSTEP_ASSETS_DIR
// (the source tree's assets/). Holds checklists/ and rules/.
std::filesystem::path default_assets_dir();

}  // namespace doorstep

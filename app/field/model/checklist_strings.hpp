#pragma once
// The words of the checklists in assets/checklists/ (section titles,
// questions, help, option labels), as scripts/update_locale.sh lists them in
// checklist_strings.cpp for translation. The screens show each through tr();
// a test checks the list is up to date with the assets.
#include <span>

namespace doorstep::field {

std::span<const char* const> checklist_strings();

}  // namespace doorstep::field

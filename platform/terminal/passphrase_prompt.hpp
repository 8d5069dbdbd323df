#pragma once
// Reads a passphrase from the controlling terminal with echo off.
#include <optional>
#include <string>
#include <string_view>

namespace doorstep::platform {

// nullopt when there is no terminal to ask (e.g. under CI).
std::optional<std::string> prompt_passphrase(std::string_view prompt);

}  // namespace doorstep::platform

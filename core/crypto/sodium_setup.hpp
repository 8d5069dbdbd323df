#pragma once
// libsodium must be initialised once before any other call. Every crypto
// entry point calls ensure_sodium(); it is cheap after the first call.

namespace doorstep {

// Throws Error(internal) if sodium_init() fails (no usable RNG).
void ensure_sodium();

}  // namespace doorstep

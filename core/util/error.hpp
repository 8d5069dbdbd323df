#pragma once
// Doorstep's one error type. Core code throws `Error` with a code from the
// table below; programs catch it at their edge (CLI exit code, HTTP status,
// UI message). SQLite/SQLCipher and libsodium return codes are turned into
// these inside the store and crypto modules and nowhere else.
#include <stdexcept>
#include <string>
#include <string_view>

namespace doorstep {

enum class ErrorCode {
  usage,             // the caller asked for something malformed
  bad_input,         // a record or file failed validation; message names field and value
  not_found,         // no such case, note, action...
  wrong_passphrase,  // key unwrap failed
  locked_out,        // too many failed unlocks; retry later
  damaged,           // the store or key file is corrupt or tampered
  disk_full,         // the write was rolled back: no space
  conflict,          // the change contradicts the current state (e.g. action already closed)
  io,                // a file could not be read or written
  forbidden,         // authenticated but not allowed
  unauthenticated,   // missing or bad credentials
  revoked,           // this device was revoked: wipe
  network,           // transport failure; retry
  internal,          // a bug: an invariant did not hold
};

std::string_view to_string(ErrorCode code) noexcept;

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  [[nodiscard]] ErrorCode code() const noexcept { return m_code; }

 private:
  ErrorCode m_code;
};

}  // namespace doorstep

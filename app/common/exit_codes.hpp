#pragma once
// Exit codes of doorstep-cli and doorstep-office (sysexits-style),
// documented in their --help.
#include "util/error.hpp"

namespace doorstep::cmdline {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,          // a bug; please report
  kUsage = 64,            // the command line is wrong
  kBadInput = 65,         // a file or value failed validation; nothing was written
  kNotFound = 66,         // no such store, case, note or action
  kConflict = 67,         // the change contradicts the record (e.g. action already closed)
  kNetwork = 69,          // the office could not be reached; retry
  kDiskFull = 73,         // no space: the change was rolled back
  kDamaged = 74,          // the store or key file is damaged, or cannot be read
  kLockedOut = 75,        // too many wrong passphrases: wait and retry
  kQuarantined = 76,      // done, but records were quarantined: see `quarantine`
  kWrongPassphrase = 77,  // the passphrase does not open this store
  kRevoked = 78,          // this device was revoked by the office
  kForbidden = 79,        // not this officer's to do (e.g. an officer countersigning oversight)
  kDatabaseUnavailable = 80,  // doorstep-office serve: the office's PostgreSQL database cannot be reached
};

inline int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::usage: return kUsage;
    case ErrorCode::bad_input: return kBadInput;
    case ErrorCode::not_found: return kNotFound;
    case ErrorCode::conflict: return kConflict;
    case ErrorCode::wrong_passphrase:
    case ErrorCode::unauthenticated: return kWrongPassphrase;
    case ErrorCode::forbidden: return kForbidden;
    case ErrorCode::locked_out: return kLockedOut;
    case ErrorCode::damaged:
    case ErrorCode::io: return kDamaged;
    case ErrorCode::disk_full: return kDiskFull;
    case ErrorCode::network: return kNetwork;
    case ErrorCode::revoked: return kRevoked;
    case ErrorCode::internal: return kInternal;
  }
  return kInternal;
}

inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 ok, 1 internal error, 64 usage, 65 bad input (nothing written), 66 not found,\n"
    "67 conflict, 69 office unreachable, 73 disk full (rolled back), 74 store or key file damaged,\n"
    "75 locked out after wrong passphrases (wait), 76 done but something is quarantined (see `quarantine`),\n"
    "77 wrong passphrase, 78 device revoked, 79 not this officer's to do (e.g. countersigning),\n"
    "80 serve: the office's PostgreSQL database cannot be reached.";

}  // namespace doorstep::cmdline

#include "util/error.hpp"

namespace doorstep {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::usage: return "usage";
    case ErrorCode::bad_input: return "bad_input";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::wrong_passphrase: return "wrong_passphrase";
    case ErrorCode::locked_out: return "locked_out";
    case ErrorCode::damaged: return "damaged";
    case ErrorCode::disk_full: return "disk_full";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::io: return "io";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::unauthenticated: return "unauthenticated";
    case ErrorCode::revoked: return "revoked";
    case ErrorCode::network: return "network";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace doorstep

#pragma once
// Console sessions and CSRF tokens.
//
// A session token is 32 random bytes (64 hex) in the `__Host-doorstep`
// cookie; the store keeps only its BLAKE2b hash. A session lives 30 minutes
// after its last request and 8 hours after sign-in, whichever ends first.
// The CSRF token of a form is derived from the cookie it goes with (keyed
// BLAKE2b), so it needs no storage and a token from another session never
// matches. Before sign-in the login form is bound the same way to a
// short-lived `__Host-doorstep-login` cookie.
#include <string>
#include <string_view>

#include "crypto/hash.hpp"
#include "office/console_store.hpp"

namespace doorstep::office {

inline constexpr UtcMillis kSessionIdleMs = 30LL * 60 * 1000;
inline constexpr UtcMillis kSessionAbsoluteMs = 8LL * 3600 * 1000;
inline constexpr const char* kSessionCookie = "__Host-doorstep";
inline constexpr const char* kLoginCookie = "__Host-doorstep-login";

// 64 hex characters from the system's random source.
std::string new_session_token();
// False for anything that is not 64 lowercase hex (a cookie is hostile input).
bool is_session_token(std::string_view token);
Digest256 session_token_hash(std::string_view token);
bool session_live(const ConsoleSession& s, UtcMillis now);

// The CSRF token for forms shown with `cookie_token`; and whether a
// submitted `csrf` matches it (constant time).
std::string csrf_token_for(std::string_view cookie_token);
bool csrf_matches(std::string_view cookie_token, std::string_view csrf);

// The value of cookie `name` in a Cookie header, "" if absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace doorstep::office

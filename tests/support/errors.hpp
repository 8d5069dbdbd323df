#pragma once
// Catching doorstep::Error in tests: which code, and what message.
#include <catch2/catch.hpp>

#include <string>

#include "util/error.hpp"

namespace doorstep::test {

// The code of the doorstep::Error `fn` throws (and its message); fails the
// test if it throws none.
template <class F>
ErrorCode error_code_of(F&& fn, std::string* message = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.code();
  }
  FAIL("expected a doorstep::Error");
  return ErrorCode::internal;
}

// The message of the Error(bad_input) `fn` throws; "other error: ..." for
// another code; "" if it throws nothing.
template <class F>
std::string bad_input_message(F&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::bad_input) return e.what();
    return std::string("other error: ") + e.what();
  }
  return "";
}

}  // namespace doorstep::test

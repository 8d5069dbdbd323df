# simdjson 3.0 (Debian's libsimdjson-dev), for parse_json_limited's fast path.
# Debian's -dev package cannot be installed for two architectures at once,
# so the arm64 cross-build uses the one header (it holds no arch-specific
# code) with the arm64 shared library (libsimdjson14:arm64): the target
# simdjson::simdjson is built from those when no CMake package is found.
find_package(simdjson 3.0 CONFIG QUIET)
if(NOT TARGET simdjson::simdjson)
  find_path(DOORSTEP_SIMDJSON_INCLUDE simdjson.h REQUIRED)
  find_library(DOORSTEP_SIMDJSON_LIBRARY NAMES simdjson libsimdjson.so.14 REQUIRED)
  add_library(simdjson::simdjson SHARED IMPORTED)
  set_target_properties(simdjson::simdjson PROPERTIES IMPORTED_LOCATION "${DOORSTEP_SIMDJSON_LIBRARY}"
                                                      INTERFACE_INCLUDE_DIRECTORIES "${DOORSTEP_SIMDJSON_INCLUDE}")
  message(STATUS "simdjson: ${DOORSTEP_SIMDJSON_LIBRARY}")
endif()

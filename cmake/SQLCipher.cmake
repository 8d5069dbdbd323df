# SQLCipher 4.5.5 amalgamation, fetched and verified by scripts/setup.sh.
# Verified again here: a mismatch stops the build instead of compiling
# something we did not review.
set(_sqlc_c "${DOORSTEP_SQLCIPHER_DIR}/sqlite3.c")
set(_sqlc_h "${DOORSTEP_SQLCIPHER_DIR}/sqlite3.h")
if(NOT EXISTS "${_sqlc_c}" OR NOT EXISTS "${_sqlc_h}")
  message(FATAL_ERROR "SQLCipher amalgamation not found in ${DOORSTEP_SQLCIPHER_DIR}: run scripts/setup.sh (./run.sh does)")
endif()
file(SHA256 "${_sqlc_c}" _sha_c)
file(SHA256 "${_sqlc_h}" _sha_h)
if(NOT _sha_c STREQUAL "457f4de07269b6e4e72b52980448c37bec36395ce16fee5929bd5a80f79f9715"
   OR NOT _sha_h STREQUAL "31eeab05c62ed890e96c6fcfba46471a647f93eaf664b90f7cb5978c3dd34ba4")
  message(FATAL_ERROR "SQLCipher amalgamation checksum mismatch in ${DOORSTEP_SQLCIPHER_DIR}: refusing to build")
endif()

add_library(sqlcipher STATIC "${_sqlc_c}")
target_include_directories(sqlcipher SYSTEM PUBLIC "${DOORSTEP_SQLCIPHER_DIR}")
target_compile_definitions(sqlcipher
  PUBLIC SQLITE_HAS_CODEC
  PRIVATE
    SQLCIPHER_CRYPTO_OPENSSL
    SQLITE_TEMP_STORE=3
    SQLITE_ENABLE_FTS5
    SQLITE_OMIT_LOAD_EXTENSION
    SQLITE_DQS=0
    SQLITE_THREADSAFE=1
    SQLITE_DEFAULT_FOREIGN_KEYS=1
    HAVE_USLEEP=1)  # busy waits sleep in ms steps, not whole seconds
# The amalgamation is third-party C: build it optimised and quietly, even in
# sanitizer builds (we test our code, not SQLite's).
target_compile_options(sqlcipher PRIVATE -O2 -w -fno-sanitize=all)
set_target_properties(sqlcipher PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_link_libraries(sqlcipher PUBLIC OpenSSL::Crypto Threads::Threads ${CMAKE_DL_LIBS} m)

# Warnings are errors for our own code (not for SQLCipher's amalgamation).
function(doorstep_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wformat=2 -Werror)
endfunction()

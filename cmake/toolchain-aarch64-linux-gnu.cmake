# Cross-build for 64-bit ARM (the CPUs tablets use) on a Debian 12 amd64
# machine: Debian's cross compilers (crossbuild-essential-arm64) and the
# multiarch `:arm64` -dev packages in /usr/lib/aarch64-linux-gnu; no sysroot.
# Test executables run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR, used by
# CTest and by Catch2's test discovery at build time) with Debian's arm64
# runtime: libc6:arm64 (/lib/ld-linux-aarch64.so.1) and libstdc++6:arm64.
# Not `qemu-aarch64 -L /usr/aarch64-linux-gnu`: that loader (the cross
# toolchain's libc6-arm64-cross, 2.36-8) then finds the multiarch libc.so.6
# (2.36-9+deb12u14) through /etc/ld.so.cache, and the mismatched pair loops
# forever in the first pthread_create. `./run.sh arm64` uses this file with
# DOORSTEP_CORE_ONLY=ON (docs/platforms.md).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# pkg-config must see only the arm64 .pc files (and arch-independent ones).
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
unset(ENV{PKG_CONFIG_PATH})

find_program(DOORSTEP_QEMU_AARCH64 qemu-aarch64 REQUIRED)
if(NOT EXISTS /lib/ld-linux-aarch64.so.1)
  message(FATAL_ERROR "no arm64 C library (/lib/ld-linux-aarch64.so.1): run scripts/setup.sh arm64")
endif()
set(CMAKE_CROSSCOMPILING_EMULATOR "${DOORSTEP_QEMU_AARCH64}")

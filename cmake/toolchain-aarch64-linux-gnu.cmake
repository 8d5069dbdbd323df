# Cross-build for 64-bit ARM (the CPUs tablets use) on a Debian 12 amd64
# machine: Debian's cross compilers (crossbuild-essential-arm64) and the
# multiarch `:arm64` -dev packages in /usr/lib/aarch64-linux-gnu; no sysroot.
# Test executables run under qemu-user (CMAKE_CROSSCOMPILING_EMULATOR, used by
# CTest and by Catch2's test discovery at build time), with the ARM C library
# of the cross toolchain (-L). `./run.sh arm64` uses this with
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
set(CMAKE_CROSSCOMPILING_EMULATOR "${DOORSTEP_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu")

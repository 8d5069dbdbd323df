#pragma once
// Small files that are always replaced whole (key file, unlock state).
// POSIX only (Linux, Android): uses open/fsync/rename.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep {

// Writes `bytes` to a new temp file in the same folder with permissions
// `mode` (not subject to the umask), fsyncs it, renames it over `path` and
// fsyncs the folder. After a crash `path` holds either the old or the new
// contents, never a mix. On failure the temp file is removed and
// Error(disk_full) (no space) or Error(io) is thrown naming `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                         std::filesystem::perms::owner_write);

// Like write_file_atomically, but never replaces anything: Error(conflict)
// if `path` already exists (checked atomically by link(2)). For files that
// must be written exactly once, such as the office recovery key.
void write_new_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                               std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                                             std::filesystem::perms::owner_write);

// The file's bytes, or nullopt if it does not exist; Error(io) if it exists
// but cannot be read. Reads at most max_size + 1 bytes, so the caller sees
// an oversized file as longer than max_size and decides what that means.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path, std::size_t max_size);

}  // namespace doorstep

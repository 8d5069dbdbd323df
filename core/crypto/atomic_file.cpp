#include "crypto/atomic_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "crypto/sodium_setup.hpp"
#include "util/error.hpp"
#include "util/hex.hpp"

namespace doorstep {

namespace {

// Closes the descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close_now(); }
  [[nodiscard]] int get() const { return m_fd; }
  // Returns close()'s result; the descriptor is gone either way.
  int close_now() {
    if (m_fd < 0) return 0;
    const int rc = ::close(m_fd);
    m_fd = -1;
    return rc;
  }

 private:
  int m_fd;
};

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what, int err) {
  const ErrorCode code = (err == ENOSPC || err == EDQUOT) ? ErrorCode::disk_full : ErrorCode::io;
  throw Error(code, path.string() + ": " + std::string(what) + ": " + std::strerror(err));
}

// Unlinks the temp file unless disarmed.
class TempGuard {
 public:
  explicit TempGuard(std::filesystem::path path) : m_path(std::move(path)) {}
  TempGuard(const TempGuard&) = delete;
  TempGuard& operator=(const TempGuard&) = delete;
  ~TempGuard() {
    if (m_armed) ::unlink(m_path.c_str());
  }
  void disarm() { m_armed = false; }

 private:
  std::filesystem::path m_path;
  bool m_armed = true;
};

}  // namespace

namespace {

enum class Publish { replace, only_if_new };

// Temp file in the same folder, fsync, then rename over `path` (replace) or
// hard-link it to `path` (only_if_new: link() fails if `path` exists, so an
// existing file is never touched), then fsync the folder.
void write_via_temp(const std::filesystem::path& path, std::string_view bytes, std::filesystem::perms mode,
                    Publish publish) {
  ensure_sodium();
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::array<std::uint8_t, 8> tag{};
  randombytes_buf(tag.data(), tag.size());
  const std::filesystem::path tmp = dir / ("." + path.filename().string() + ".tmp-" + to_hex(tag));
  const auto mode_bits = static_cast<mode_t>(mode & std::filesystem::perms::mask);

  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_bits));
  if (fd.get() < 0) fail(path, "cannot create temp file", errno);
  TempGuard guard(tmp);
  if (::fchmod(fd.get(), mode_bits) != 0) fail(path, "cannot set permissions", errno);  // undo the umask
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "cannot write", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) fail(path, "cannot flush to disk", errno);
  if (fd.close_now() != 0) fail(path, "cannot write", errno);
  if (publish == Publish::replace) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail(path, "cannot replace", errno);
    guard.disarm();
  } else {
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      const int err = errno;
      if (err == EEXIST) throw Error(ErrorCode::conflict, path.string() + ": already exists; not overwritten");
      if (err != EPERM && err != EOPNOTSUPP) fail(path, "cannot create", err);
      // No hard links (e.g. a FAT USB stick): check, then rename. Only a
      // racing writer in the same instant could slip between the two.
      struct stat st {};
      if (::lstat(path.c_str(), &st) == 0)
        throw Error(ErrorCode::conflict, path.string() + ": already exists; not overwritten");
      if (::rename(tmp.c_str(), path.c_str()) != 0) fail(path, "cannot create", errno);
      guard.disarm();
    }
    // The guard unlinks the temp name; `path` keeps the contents.
  }

  // Make the rename (or link) itself durable.
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0) fail(path, "cannot open folder to flush it", errno);
  if (::fsync(dir_fd.get()) != 0) fail(path, "cannot flush folder to disk", errno);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes, std::filesystem::perms mode) {
  write_via_temp(path, bytes, mode, Publish::replace);
}

void write_new_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                               std::filesystem::perms mode) {
  write_via_temp(path, bytes, mode, Publish::only_if_new);
}

std::optional<std::string> read_file_if_exists(const std::filesystem::path& path, std::size_t max_size) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail(path, "cannot open", errno);
  }
  std::string out;
  std::array<char, 4096> chunk{};
  for (;;) {
    const std::size_t want = std::min(chunk.size(), max_size + 1 - out.size());
    if (want == 0) break;
    const ssize_t n = ::read(fd.get(), chunk.data(), want);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "cannot read", errno);
    }
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace doorstep

#include "folder_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace logsgd {

FolderLock::FolderLock(const std::filesystem::path& folder) {
  const std::filesystem::path file = folder / ".logsgd.lock";
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(fmt::format("{}: cannot open lock file: {}", file.string(), std::strerror(errno)));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    // The holder writes its pid once it has the lock; read what is there (it may not be yet).
    char buffer[32] = {};
    ssize_t got = ::pread(fd_, buffer, sizeof buffer - 1, 0);
    std::string pid = got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
    pid.erase(pid.find_last_not_of(" \n") + 1);
    ::close(fd_);
    fd_ = -1;
    if (error != EWOULDBLOCK)
      throw std::runtime_error(fmt::format("{}: cannot lock: {}", file.string(), std::strerror(error)));
    throw std::runtime_error(fmt::format("output folder {} is in use by another logsgd run (pid {}); wait for it to "
                                         "finish or choose another --out",
                                         folder.string(), pid.empty() ? "unknown" : pid));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    ::close(fd_);
    throw std::runtime_error(fmt::format("{}: cannot write lock file", file.string()));
  }
}

FolderLock::~FolderLock() {
  // Closing releases the flock; the file stays (removing it would race with a waiting run).
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace logsgd

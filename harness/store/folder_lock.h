// One run at a time per output folder: two runs writing the same result store and reports would
// both simulate every job and overwrite each other's files. The lock is an flock on
// <folder>/.logsgd.lock, so the kernel releases it when the holder exits, even by kill -9.
#pragma once
#include <filesystem>

namespace logsgd {

class FolderLock {
 public:
  // Takes the lock or throws std::runtime_error naming the folder and the holder's pid.
  explicit FolderLock(const std::filesystem::path& folder);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace logsgd

// One run per output folder: a second lock on a held folder fails naming the folder and the
// holder's pid; the lock is free again once released.
#include "folder_lock.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "temp_dir.h"

using namespace logsgd;

TEST_CASE("a held output folder cannot be locked again and the error names folder and pid") {
  TempDir dir;
  {
    FolderLock first(dir.path());
    // flock conflicts between two opens of the file even within one process, as between two runs.
    CHECK_THROWS_WITH_AS(FolderLock(dir.path()),
                         doctest::Contains(("output folder " + dir.path().string() + " is in use by another logsgd run (pid " +
                                            std::to_string(::getpid()) + ")")
                                               .c_str()),
                         std::runtime_error);
  }
  CHECK_NOTHROW(FolderLock(dir.path()));  // released with the first
}

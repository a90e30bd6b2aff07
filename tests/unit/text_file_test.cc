// Writing report and result files: atomic (old file or complete new one), and a failed write is
// an error naming the path, never a silently empty file.
#include "text_file.h"

#include <doctest/doctest.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "temp_dir.h"

using namespace logsgd;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int files_in(const std::filesystem::path& dir) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++count;
  return count;
}

// A full disk, simulated for this process only: writes beyond `bytes` fail with EFBIG (the
// signal that would kill the process is ignored, as a full disk sends none).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }

 private:
  rlimit saved_{};
  void (*previous_)(int) = nullptr;
};

}  // namespace

TEST_CASE("a written file replaces the old one whole and leaves no temporary file") {
  TempDir dir;
  const auto file = dir.path() / "report.md";
  write_text_file(file, "old\n");
  write_text_file(file, "new text\n");
  CHECK(read(file) == "new text\n");
  CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("a write that runs out of space throws naming the path and keeps the old file") {
  TempDir dir;
  const auto file = dir.path() / "results.json";
  write_text_file(file, "complete old results\n");
  {
    FileSizeLimit full(1024);
    CHECK_THROWS_WITH_AS(write_text_file(file, std::string(100000, 'x')),
                         doctest::Contains((file.string() + ": cannot write file").c_str()), std::runtime_error);
  }
  CHECK(read(file) == "complete old results\n");  // not a truncated or empty file
  CHECK(files_in(dir.path()) == 1);              // the temporary file is removed
}

TEST_CASE("writing to a device, into a missing folder or over a folder throws naming the path") {
  CHECK_THROWS_WITH_AS(write_text_file("/dev/full", "x"), doctest::Contains("/dev/full: cannot write file"),
                       std::runtime_error);
  TempDir dir;
  const auto missing = dir.path() / "no such folder" / "junit.xml";
  CHECK_THROWS_WITH_AS(write_text_file(missing, "x"), doctest::Contains((missing.string() + ": cannot write file").c_str()),
                       std::runtime_error);
  std::filesystem::create_directory(dir.path() / "report.html");
  CHECK_THROWS_WITH_AS(write_text_file(dir.path() / "report.html", "x"), doctest::Contains("report.html: cannot write file"),
                       std::runtime_error);
  CHECK(files_in(dir.path()) == 1);  // just the folder: no temporary left
}

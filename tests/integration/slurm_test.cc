// scripts/slurm_check.sh on a real single-node Slurm cluster (slurmctld and slurmd on this
// machine): a Monte Carlo corner set run as an array of shards through scripts/slurm_array.sh,
// merged, must give the report of the same run made locally. Where Slurm cannot run (not root,
// no Debian archive to install it from, a daemon that does not start) the test says why and
// passes without checking.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "temp_dir.h"
#include "text_file.h"

TEST_CASE("a Monte Carlo corner set run through Slurm array shards and merged equals the local run") {
  TempDir dir;
  const std::filesystem::path build = std::filesystem::path(LOGSGD_BINARY).parent_path();
  const std::string command = "BUILD_DIR='" + build.string() + "' '" + LOGSGD_SOURCE_ROOT +
                              "/scripts/slurm_check.sh' --out '" + (dir.path() / "check").string() +
                              "' --tasks 3 --samples 8 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  const int status = pclose(pipe);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 77) {
    MESSAGE("skipped, Slurm cannot run here: " << output);
    return;
  }
  INFO(output);
  REQUIRE(code == 0);
  CHECK(output.find("slurm_check: equal — 9 jobs") != std::string::npos);
  // Each shard's own report says it is partial; the merged one does not.
  const std::filesystem::path check = dir.path() / "check";
  for (int k = 1; k <= 3; ++k)
    CHECK(logsgd::read_text_file(check / ("slurm.shard" + std::to_string(k)) / "report.md")
              .find("Partial report: shard " + std::to_string(k) + " of 3") != std::string::npos);
  CHECK(logsgd::read_text_file(check / "slurm" / "report.md").find("Partial report") == std::string::npos);
}

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

namespace {

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

Output shell(const std::string& command) {
  Output output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.text.append(buffer, n);
  const int status = pclose(pipe);
  output.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return output;
}

}  // namespace

// The array script alone, as a Slurm task would run it, with a stand-in logsgd that prints its arguments.
TEST_CASE("slurm_array.sh maps array task ids to shards and passes run options through") {
  TempDir dir;
  dir.write("build/logsgd", "#!/bin/sh\necho \"logsgd $*\"\n");
  std::filesystem::permissions(dir.path() / "build" / "logsgd", std::filesystem::perms::owner_all);
  auto task = [&](const std::string& environment) {
    return shell("cd '" + dir.path().string() + "' && env -u SLURM_CPUS_PER_TASK SLURM_SUBMIT_DIR='" +
                 dir.path().string() + "' BUILD_DIR=build " + environment + " bash '" + LOGSGD_SOURCE_ROOT +
                 "/scripts/slurm_array.sh' tb c.yaml out --library binned --seed 5");
  };
  // --array=0-3: task 2 is shard 3 of 4.
  Output zero_based = task("SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=3 SLURM_ARRAY_TASK_COUNT=4");
  CHECK(zero_based.code == 0);
  CHECK(zero_based.text.find("logsgd run tb --corners c.yaml --jobs 2 --shard 3/4 --out out.shard3 --library binned "
                             "--seed 5") != std::string::npos);
  // --array=1-16%4: task 16 is shard 16 of 16.
  Output last = task("SLURM_ARRAY_TASK_ID=16 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=16 SLURM_ARRAY_TASK_COUNT=16");
  CHECK(last.text.find("--shard 16/16 --out out.shard16") != std::string::npos);
  // A stride or a list would leave shards out.
  Output stride = task("SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=7 SLURM_ARRAY_TASK_COUNT=4 "
                       "SLURM_ARRAY_TASK_STEP=2");
  CHECK(stride.code == 1);
  CHECK(stride.text.find("one range with step 1") != std::string::npos);
  Output list = task("SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=5 SLURM_ARRAY_TASK_COUNT=3");
  CHECK(list.code == 1);
  Output outside = task("");
  CHECK(outside.code != 0);
  CHECK(outside.text.find("run as a Slurm array task") != std::string::npos);
}

TEST_CASE("a Monte Carlo corner set run through Slurm array shards and merged equals the local run") {
  TempDir dir;
  const std::filesystem::path build = std::filesystem::path(LOGSGD_BINARY).parent_path();
  const auto [code, output] = shell("BUILD_DIR='" + build.string() + "' '" + LOGSGD_SOURCE_ROOT +
                                     "/scripts/slurm_check.sh' --out '" + (dir.path() / "check").string() +
                                     "' --tasks 3 --samples 8");
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

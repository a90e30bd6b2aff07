// Monte Carlo on real sky130 mismatch: deterministic seeds, any sample re-runs alone, and a run
// killed with SIGKILL resumes without redoing finished work.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "pool_fixture.h"
#include "result_store.h"
#include "run.h"
#include "temp_dir.h"

using namespace logsgd;

namespace {

std::filesystem::path corner_file(const TempDir& dir, int samples) {
  return dir.write("mc.yaml", "name: mc_test\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\n"
                              "monte_carlo: {samples: " + std::to_string(samples) + ", mismatch: true}\n");
}

RunResult run_mirror(int workers, const std::filesystem::path& corners, const std::filesystem::path& out,
                     const std::string& only = "") {
  RunOptions options = options_for("mirror_mismatch", out);
  options.corners = corners;
  if (!only.empty()) options.only_jobs = {only};
  return run_with_workers(options, LOGSGD_SOURCE_ROOT, workers);
}

int stored_jobs(const std::filesystem::path& db_file) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return 0;
  }
  sqlite3_stmt* stmt = nullptr;
  int count = 0;
  if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM jobs", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    count = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return count;
}

}  // namespace

TEST_CASE("Monte Carlo results are bit-identical with 1 and 2 workers and each sample re-runs alone") {
  TempDir dir;
  auto corners = corner_file(dir, 12);
  RunResult one = run_mirror(1, corners, dir.path() / "one");
  RunResult two = run_mirror(2, corners, dir.path() / "two");
  REQUIRE(one.outcomes.size() == 13);  // the nominal condition and 12 samples
  for (std::size_t i = 0; i < one.outcomes.size(); ++i) {
    REQUIRE_MESSAGE(one.outcomes[i].ok(), one.outcomes[i].failure());
    CHECK(one.outcomes[i].measured == two.outcomes[i].measured);
  }
  // Samples differ from each other: mismatch is drawn per sample.
  CHECK(one.outcomes[1].measured.at("m1.ratio") != one.outcomes[2].measured.at("m1.ratio"));
  // Sample 7 alone, in a fresh worker, gives the same numbers.
  const JobOutcome& seventh = one.outcomes[8];
  RunResult alone = run_mirror(1, corners, dir.path() / "alone", seventh.job.id);
  REQUIRE(alone.outcomes.size() == 1);
  CHECK(alone.outcomes[0].measured == seventh.measured);
  CHECK(alone.outcomes[0].job.seed == seventh.job.seed);
}

TEST_CASE("a run killed with SIGKILL halfway resumes and ends with the same results") {
  TempDir dir;
  auto corners = corner_file(dir, 60);
  auto out = dir.path() / "killed";
  pid_t pid = fork();
  if (pid == 0) {
    std::string corners_arg = corners.string(), out_arg = out.string();
    chdir(LOGSGD_SOURCE_ROOT);
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execl(LOGSGD_BINARY, LOGSGD_BINARY, "run", "mirror_mismatch", "--corners", corners_arg.c_str(), "--out",
          out_arg.c_str(), "--jobs", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  int stored = 0;
  for (int i = 0; i < 1200 && stored < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stored = stored_jobs(out / "results.sqlite");
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(stored >= 10);
  int after_kill = stored_jobs(out / "results.sqlite");
  REQUIRE(after_kill < 61);  // it really was stopped halfway

  RunResult resumed = run_mirror(1, corners, out);
  CHECK(resumed.resumed == after_kill);
  RunResult uninterrupted = run_mirror(1, corners, dir.path() / "whole");
  CHECK(uninterrupted.resumed == 0);
  REQUIRE(resumed.outcomes.size() == uninterrupted.outcomes.size());
  for (std::size_t i = 0; i < resumed.outcomes.size(); ++i) CHECK(resumed.outcomes[i].measured == uninterrupted.outcomes[i].measured);
  CHECK(resumed.aggregates == uninterrupted.aggregates);
}

TEST_CASE("shards run on separate machines merge into the same report as one run") {
  TempDir dir;
  auto corners = corner_file(dir, 9);
  auto run_shard = [&](int k, const std::filesystem::path& out) {
    RunOptions options = options_for("mirror_mismatch", out);
    options.corners = corners;
    options.shard_index = k;
    options.shard_count = 2;
    return run_with_workers(options, LOGSGD_SOURCE_ROOT);
  };
  RunResult first = run_shard(0, dir.path() / "shard1"), second = run_shard(1, dir.path() / "shard2");
  CHECK(first.outcomes.size() == 5);  // jobs 0, 2, 4, 6, 8 of 10
  CHECK(second.outcomes.size() == 5);
  {
    ResultStore merged(dir.path() / "merged" / "results.sqlite");
    CHECK(merged.merge_from(dir.path() / "shard1" / "results.sqlite") == 5);
    CHECK(merged.merge_from(dir.path() / "shard2" / "results.sqlite") == 5);
  }
  RunResult whole = run_mirror(1, corners, dir.path() / "merged");
  CHECK(whole.resumed == 10);  // nothing simulated again
  RunResult single = run_mirror(1, corners, dir.path() / "single");
  for (std::size_t i = 0; i < whole.outcomes.size(); ++i) CHECK(whole.outcomes[i].measured == single.outcomes[i].measured);
  CHECK(whole.aggregates == single.aggregates);
}

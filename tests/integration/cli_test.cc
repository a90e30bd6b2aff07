// The logsgd program's exit codes and messages for its own arguments (nothing is simulated):
// argument errors exit 1 as documented, --help and --version exit 0.
#include <doctest/doctest.h>

#include <string>

#include "cli_runner.h"

TEST_CASE("argument errors exit 1 naming the argument and help and version exit 0") {
  for (const char* bad : {"run device_subthreshold --jobs 0", "run device_subthreshold --jobs x", "run",
                          "run device_subthreshold --library typo", "run device_subthreshold --shard 3/2",
                          "frobnicate", "run device_subthreshold --no-such-flag"}) {
    CAPTURE(bad);
    Answer a = run_logsgd(bad);
    CHECK(a.code == 1);
    CHECK(a.output.find("Run with --help") != std::string::npos);
  }
  CHECK(run_logsgd("--help").code == 0);
  CHECK(run_logsgd("run --help").code == 0);
}

TEST_CASE("a negative or out-of-range seed is refused, not wrapped") {
  for (const char* seed : {"-1", "18446744073709551616", "1e3", "+5"}) {
    CAPTURE(seed);
    Answer a = run_logsgd(std::string("run device_subthreshold --seed ") + seed);
    CHECK(a.code == 1);
    CHECK(a.output.find("--seed: expected a whole number from 0 to 18446744073709551615") != std::string::npos);
  }
}

TEST_CASE("--version prints the kit version and exits 0") {
  Answer a = run_logsgd("--version");
  CHECK(a.code == 0);
  CHECK_FALSE(a.output.empty());
  CHECK(a.output.find("Usage") == std::string::npos);
}

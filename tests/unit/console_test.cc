// What the console shows: the failing checks and failed simulations after a run (a capped list),
// a heartbeat while a long job runs, and plain lines when stderr is not a terminal.
#include <doctest/doctest.h>

#include <cstdio>
#include <thread>

#include "check.h"
#include "ekv_simulator.h"
#include "progress.h"
#include "run.h"
#include "run_summary.h"
#include "occurrences.h"
#include "temp_dir.h"
#include "text_file.h"
#include "yaml_node.h"

using namespace logsgd;

namespace {

std::string written(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
  return text;
}

}  // namespace

TEST_CASE("the console summary names each failing check with its value, limit and reason") {
  EkvSimulator simulator(1.9);  // n above the spec's max of 1.7
  TempDir out;
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  const RunResult r = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1).result;
  const std::string summary = run_summary(r, out.path() / "report.md");
  INFO(summary);
  CHECK(summary.find("device_subthreshold: FAIL") == 0);
  CHECK(summary.find("failing checks (") != std::string::npos);
  CHECK(summary.find("FAIL  device_subthreshold/tt_27C_1.80V  nfet.n = 1.9") != std::string::npos);
  CHECK(summary.find("max 1.7") != std::string::npos);
  CHECK(summary.find("report: ") != std::string::npos);
}

TEST_CASE("the console summary lists a failed simulation once with its reason and caps long lists") {
  RunResult run;
  run.testbench = "t";
  Testbench testbench;
  testbench.specs.push_back(parse_spec(YamlNode::load_string("{result: m.i, max: 1}", "t.yaml")));
  testbench.specs.push_back(parse_spec(YamlNode::load_string("{result: m.j, max: 1}", "t.yaml")));
  for (int k = 0; k < 30; ++k) {
    JobOutcome o;
    o.job.id = "t/tt/" + std::to_string(k);
    o.job.sample = k;
    o.sim.ok = k > 0;
    if (k == 0) o.sim.error = "timestep too small";
    else o.measured = {{"m.i", 2.0}, {"m.j", 0.5}};
    run.outcomes.push_back(o);
  }
  run.checks = check_specs(testbench, run.outcomes);
  const std::string summary = run_summary(run, "out/report.md", 20);
  INFO(summary);
  CHECK(summary.find("failing checks (29):") != std::string::npos);
  CHECK(occurrences(summary, "  FAIL  t/tt/") == 20);
  CHECK(summary.find("  ... and 9 more, see out/report.md\n") != std::string::npos);
  CHECK(summary.find("failed simulations (1):\n  t/tt/0 (seed 0): timestep too small [2 checks without a value]") !=
        std::string::npos);
  CHECK(summary.find("  ERROR ") == std::string::npos);  // the failed job's checks are not listed one by one
}

TEST_CASE("progress off a terminal: plain lines, a heartbeat while a single job runs") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  {
    Progress progress(1, file, "tb/tt_27C_1.80V", std::chrono::milliseconds(40), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    progress.job_done("tb/tt_27C_1.80V", true);
    progress.finish();
  }
  const std::string text = written(file);
  std::fclose(file);
  INFO(text);
  CHECK(occurrences(text, "[0/1] running tb/tt_27C_1.80V  elapsed ") >= 2);
  CHECK(text.find("[1/1] 100%") != std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find('\033') == std::string::npos);
}

TEST_CASE("progress off a terminal prints every failed job and not a line per passing job") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  {
    Progress progress(100, file, "", std::chrono::seconds(10), 0);
    for (int k = 0; k < 100; ++k) progress.job_done("tb/s" + std::to_string(k), k != 7);
    progress.finish();
  }
  const std::string text = written(file);
  std::fclose(file);
  INFO(text);
  CHECK(text.find("FAILED tb/s7\n") != std::string::npos);
  CHECK(occurrences(text, "\n") == 2);  // the failure and the last job
  CHECK(text.find('\r') == std::string::npos);
}

TEST_CASE("progress on a terminal rewrites one line in place") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file);
  {
    Progress progress(3, file, "", std::chrono::seconds(10), 1);
    for (int k = 0; k < 3; ++k) progress.job_done("tb/s" + std::to_string(k), true);
  }
  const std::string text = written(file);
  std::fclose(file);
  CHECK(occurrences(text, "\r\033[K") == 3);
  CHECK(occurrences(text, "\n") == 1);
}

// The run pipeline (plan -> render -> measure -> check -> report) with a stand-in simulator that
// returns ideal EKV curves; the real simulator is exercised in tests/integration.
#include "run.h"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "device_extraction.h"
#include "ekv_simulator.h"
#include "folder_lock.h"
#include "run_summary.h"
#include "temp_dir.h"

using namespace logsgd;

namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunOutput run_device_testbench(Simulator& simulator, const TempDir& out, std::vector<std::string> only = {},
                               bool fresh = false) {
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  options.only_jobs = std::move(only);
  options.fresh = fresh;
  options.command_line = "logsgd run device_subthreshold";
  return run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1);
}

const char* kHotJob = "device_subthreshold/tt_85C_1.80V";

}  // namespace

TEST_CASE("a passing run writes report.md and results.json and one JUnit testcase per spec x condition") {
  EkvSimulator simulator(1.35);
  TempDir out;
  RunOutput output = run_device_testbench(simulator, out);
  const RunResult& r = output.result;
  CHECK(r.exit_code() == 0);
  REQUIRE(r.outcomes.size() == 3);
  CHECK(r.outcomes[0].job.condition.id == "tt_m40C_1.80V");  // plan order, not completion order
  CHECK(r.outcomes[0].measured.at("nfet.n") == doctest::Approx(1.35).epsilon(0.01));

  // One netlist for all three temperatures: the worker loads it once.
  CHECK(simulator.netlists[0] == simulator.netlists[2]);
  REQUIRE(simulator.netlists.size() == 3);
  CHECK(simulator.netlists[0].find("sky130_fd_pr__nfet_01v8.spice") != std::string::npos);

  std::string junit = read(out.path() / "junit.xml");
  std::size_t testcases = 0;
  for (std::size_t at = junit.find("<testcase"); at != std::string::npos; at = junit.find("<testcase", at + 1)) ++testcases;
  CHECK(testcases == r.checks.size());
  CHECK(junit.find("<failure") == std::string::npos);

  auto json = nlohmann::json::parse(read(out.path() / "results.json"));
  CHECK(json["exit_code"] == 0);
  CHECK(json["jobs"].size() == 3);
  std::string report = read(out.path() / "report.md");
  CHECK(report.find("**Verdict: PASS**") != std::string::npos);
  CHECK(report.find("| nfet subthreshold slope factor (`nfet.n`) | tt_27C_1.80V |") != std::string::npos);
  CHECK(std::filesystem::exists(out.path() / "vectors" / "tt_27C_1.80V.csv"));
}

TEST_CASE("a spec outside its limits fails the run with exit code 2") {
  EkvSimulator simulator(1.9);  // n above the spec's maximum of 1.7
  TempDir out;
  RunOutput output = run_device_testbench(simulator, out);
  CHECK(output.result.exit_code() == 2);
  std::string junit = read(out.path() / "junit.xml");
  INFO(junit.substr(0, 2000));
  CHECK(junit.find("&gt; max 1.7\">job device_subthreshold/tt_27C_1.80V seed") != std::string::npos);
}

TEST_CASE("a failed simulation is recorded with its reason and seed - the run goes on - exit code 1") {
  EkvSimulator simulator(1.35, true);
  TempDir out;
  RunOutput output = run_device_testbench(simulator, out);
  const RunResult& r = output.result;
  CHECK(r.exit_code() == 1);
  int failed = 0;
  for (const auto& o : r.outcomes) failed += !o.ok();
  CHECK(failed == 1);
  std::string report = read(out.path() / "report.md");
  CHECK(report.find("## Failed simulations") != std::string::npos);
  CHECK(report.find("timestep too small") != std::string::npos);
}

TEST_CASE("a stored failure is kept on resume and simulated again with retry_failed") {
  TempDir out;
  EkvSimulator failing(1.35, true);
  REQUIRE(run_device_testbench(failing, out).result.exit_code() == 1);

  EkvSimulator healthy(1.35);
  RunOutput resumed = run_device_testbench(healthy, out);
  CHECK(healthy.netlists.empty());  // all three stored, the failure included
  CHECK(resumed.result.exit_code() == 1);

  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  options.retry_failed = true;
  RunOutput retried = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, healthy, 1);
  CHECK(healthy.netlists.size() == 1);  // only the failed job ran again
  CHECK(retried.result.resumed == 2);
  CHECK(retried.result.exit_code() == 0);
}

TEST_CASE("--only into an existing folder re-simulates just that job and reports every stored job") {
  TempDir out;
  EkvSimulator first(1.35);
  REQUIRE(run_device_testbench(first, out).result.exit_code() == 0);

  EkvSimulator again(1.36);
  RunOutput output = run_device_testbench(again, out, {kHotJob});
  CHECK(again.job_ids == std::vector<std::string>{kHotJob});  // simulated again, not taken from the store
  REQUIRE(output.result.outcomes.size() == 3);                // the whole report, not a one-job one
  CHECK(output.result.resumed == 2);
  CHECK(output.result.outcomes[2].measured.at("nfet.n") == doctest::Approx(1.36).epsilon(0.01));
  CHECK(output.result.outcomes[0].measured.at("nfet.n") == doctest::Approx(1.35).epsilon(0.01));
  auto json = nlohmann::json::parse(read(out.path() / "results.json"));
  CHECK(json["jobs"].size() == 3);
  CHECK(json["not_run"] == 0);

  // A plain re-run afterwards finds all three stored: nothing was deleted.
  EkvSimulator third(1.35);
  CHECK(run_device_testbench(third, out).result.resumed == 3);
  CHECK(third.job_ids.empty());
}

TEST_CASE("--fresh with --only forgets only the selected jobs' results") {
  TempDir out;
  EkvSimulator first(1.35);
  REQUIRE(run_device_testbench(first, out).result.exit_code() == 0);
  EkvSimulator again(1.35);
  RunOutput output = run_device_testbench(again, out, {kHotJob}, true);
  CHECK(again.job_ids == std::vector<std::string>{kHotJob});
  CHECK(output.result.outcomes.size() == 3);
  CHECK(output.result.resumed == 2);
}

TEST_CASE("--only into an empty folder reports the selected job and counts the rest as not run") {
  TempDir out;
  EkvSimulator simulator(1.35);
  RunOutput output = run_device_testbench(simulator, out, {kHotJob});
  REQUIRE(output.result.outcomes.size() == 1);
  CHECK(output.result.outcomes[0].job.id == kHotJob);
  CHECK(output.result.not_run == 2);
  CHECK(read(out.path() / "report.md").find("| jobs of the plan not in this report | 2 ") != std::string::npos);
  CHECK_THROWS_WITH_AS(run_device_testbench(simulator, out, {"device_subthreshold/nope"}),
                       doctest::Contains("no job 'device_subthreshold/nope' in this plan"), ConfigError);
}

TEST_CASE("a run into a folder another run holds stops before simulating, naming folder and pid") {
  TempDir out;
  FolderLock holder(out.path());
  EkvSimulator simulator(1.35);
  CHECK_THROWS_WITH_AS(run_device_testbench(simulator, out),
                       doctest::Contains(("output folder " + out.path().string() + " is in use by another logsgd run (pid").c_str()),
                       std::runtime_error);
  CHECK(simulator.job_ids.empty());
}

TEST_CASE("a report that cannot be written fails the run naming the file") {
  TempDir out;
  std::filesystem::create_directories(out.path() / "report.md");  // rename onto a folder fails, as a full disk would
  EkvSimulator simulator(1.35);
  CHECK_THROWS_WITH_AS(run_device_testbench(simulator, out),
                       doctest::Contains(((out.path() / "report.md").string() + ": cannot write file").c_str()), std::runtime_error);
  // A later file failing removes the verdicts already written, so none survives alone.
  std::filesystem::remove(out.path() / "report.md");
  std::filesystem::create_directories(out.path() / "junit.xml");
  CHECK_THROWS_WITH_AS(run_device_testbench(simulator, out), doctest::Contains("junit.xml: cannot write file"),
                       std::runtime_error);
  CHECK_FALSE(std::filesystem::exists(out.path() / "report.md"));
  CHECK_FALSE(std::filesystem::exists(out.path() / "results.json"));
}

TEST_CASE("report.md, results.json and junit.xml carry the run's provenance") {
  TempDir out;
  EkvSimulator simulator(1.35);
  run_device_testbench(simulator, out);
  auto json = nlohmann::json::parse(read(out.path() / "results.json"));
  const auto& p = json.at("provenance");
  CHECK(p.at("date_utc").get<std::string>().size() == 20);  // 2025-01-31T12:00:00Z
  CHECK(p.at("date_utc").get<std::string>().back() == 'Z');
  CHECK_FALSE(p.at("kit_version").get<std::string>().empty());
  CHECK(p.at("ngspice_version") == "unknown");  // the stand-in simulator has none
  CHECK(p.at("command_line") == "logsgd run device_subthreshold");
  CHECK(p.at("libraries").at("combined") == 3);
  CHECK(p.at("workers") == 1);
  CHECK_FALSE(p.at("host").get<std::string>().empty());
  // Both device model files the deck includes, each with its SHA-256.
  REQUIRE(p.at("model_files").size() >= 2);
  bool nfet = false;
  for (const auto& f : p.at("model_files")) {
    CHECK(f.at("sha256").get<std::string>().size() == 64);
    nfet = nfet || f.at("path").get<std::string>().find("sky130_fd_pr__nfet_01v8.spice") != std::string::npos;
  }
  CHECK(nfet);
  CHECK(p.at("decks").at(0).at("path") == "netlists/combined_tt.spice");
  CHECK(json.at("jobs").at(0).at("library") == "combined");

  std::string report = read(out.path() / "report.md");
  CHECK(report.find("## Provenance") < report.find("## Specs"));
  CHECK(report.find("| kit version | ") != std::string::npos);
  CHECK(report.find("sky130_fd_pr__nfet_01v8.spice | `") != std::string::npos);
  std::string junit = read(out.path() / "junit.xml");
  CHECK(junit.find("<property name=\"kit_version\"") != std::string::npos);
  CHECK(junit.find("<property name=\"library.combined\" value=\"3 jobs\"/>") != std::string::npos);
}

TEST_CASE("a shard's report, results.json, junit.xml and console summary say it is partial") {
  TempDir out;
  EkvSimulator simulator(1.35);
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  options.shard_index = 1;  // --shard 2/2: job 2 of the plan's 3
  options.shard_count = 2;
  RunOutput output = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1);
  const RunResult& r = output.result;
  REQUIRE(r.outcomes.size() == 1);
  CHECK(r.outcomes[0].job.condition.id == "tt_27C_1.80V");
  CHECK(r.partial());
  CHECK(r.plan_jobs == 3);
  const std::string note = "Partial report: shard 2 of 2 (1 of the plan's 3 jobs: 2, 4, 6, ...)";
  CHECK(r.shard_note().rfind(note, 0) == 0);
  std::string report = read(out.path() / "report.md");
  CHECK(report.find("**" + note) != std::string::npos);
  CHECK(report.find("partial: shard 2 of 2") != std::string::npos);  // in the verdict banner
  auto json = nlohmann::json::parse(read(out.path() / "results.json"));
  CHECK(json.at("shard").at("index") == 2);
  CHECK(json.at("shard").at("count") == 2);
  CHECK(json.at("shard").at("plan_jobs") == 3);
  CHECK(json.at("shard").at("partial") == true);
  CHECK(read(out.path() / "junit.xml").find("<property name=\"logsgd.shard\" value=\"Partial report: shard 2 of 2")
        != std::string::npos);
  CHECK(run_summary(r, out.path() / "report.md").find(note) != std::string::npos);

  // A whole run says nothing of shards.
  TempDir whole;
  EkvSimulator again(1.35);
  run_device_testbench(again, whole);
  CHECK(nlohmann::json::parse(read(whole.path() / "results.json")).at("shard").is_null());
  CHECK(read(whole.path() / "report.md").find("Partial report") == std::string::npos);
}

TEST_CASE("the re-run command names --library only when the run was given one") {
  EkvSimulator simulator(1.35);
  TempDir out;
  RunOutput plain = run_device_testbench(simulator, out);
  CHECK(plain.result.rerun_command.find("--library") == std::string::npos);  // the corner file's libraries apply

  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path() / "binned";
  options.library = ModelLibrary::binned;
  options.library_given = true;
  options.command_line = "logsgd run device_subthreshold --library binned";
  RunOutput given = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1);
  CHECK(given.result.rerun_command.find("--library binned") != std::string::npos);
}

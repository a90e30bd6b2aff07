// results.json holds everything the report shows, as data: every check junit.xml has (per job,
// across samples, failed jobs), the Monte Carlo aggregates and each result's Monte Carlo
// statistics; and a failed job adds no error beyond what junit.xml counts.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "check.h"
#include "ekv_simulator.h"
#include "report.h"
#include "run.h"
#include "occurrences.h"
#include "temp_dir.h"
#include "text_file.h"
#include "yaml_node.h"

using namespace logsgd;

namespace {

// The value of attribute `name` on the first <testsuite> element.
int suite_attribute(const std::string& junit, const std::string& name) {
  const std::size_t suite = junit.find("<testsuite ");
  const std::size_t at = junit.find(name + "=\"", suite);
  return std::stoi(junit.substr(at + name.size() + 2));
}

// Five Monte Carlo samples at one condition (one failed), a spec on a per-sample result with a
// min, and an aggregate with a spec on it.
RunResult monte_carlo_run() {
  Testbench testbench;
  testbench.specs.push_back(parse_spec(YamlNode::load_string("{result: m.i, unit: A, min: 0.5, max: 2}", "t.yaml")));
  RunResult run;
  run.testbench = "t";
  const double values[] = {1.0, 1.2, 0.9, 1.1};
  for (int k = 0; k < 5; ++k) {
    JobOutcome o;
    o.job.id = "t/tt/" + std::to_string(k);
    o.job.condition.id = "tt";
    o.job.sample = k;
    o.sim.ok = k < 4;
    if (k < 4) o.measured["m.i"] = values[k];
    else o.sim.error = "timestep too small";
    run.outcomes.push_back(o);
  }
  run.checks = check_specs(testbench, run.outcomes);
  run.aggregates["tt"] = {{"fit.a", 3.5}, {"fit.slope", -0.5}};
  Spec aggregate_spec = parse_spec(YamlNode::load_string("{result: fit.a, max: 3}", "t.yaml"));
  run.aggregate_checks.push_back({aggregate_spec, "tt", 3.5, evaluate(aggregate_spec, 3.5)});
  return run;
}

}  // namespace

TEST_CASE("results.json has every junit.xml testcase as a check, aggregate checks included") {
  TempDir out;
  const RunResult run = monte_carlo_run();
  write_json_results(run, out.path() / "results.json");
  write_junit(run, out.path() / "junit.xml");
  const auto json = nlohmann::json::parse(read_text_file(out.path() / "results.json"));
  const std::string junit = read_text_file(out.path() / "junit.xml");
  CHECK(json["checks"].size() == occurrences(junit, "<testcase "));
  CHECK(json["checks"].size() == 6);  // 5 samples + 1 across samples
  const auto& across = json["checks"].back();
  CHECK(across["kind"] == "aggregate");
  CHECK(across["result"] == "fit.a");
  CHECK(across["condition"] == "tt");
  CHECK(across["job"].is_null());
  CHECK(across["status"] == "fail");
  // Status counts add up to the checks, and agree with junit.xml's.
  int total = 0;
  for (const char* status : {"pass", "near", "fail", "error", "info"}) total += json["counts"][status].get<int>();
  CHECK(total == static_cast<int>(json["checks"].size()));
  CHECK(json["counts"]["fail"] == suite_attribute(junit, "failures"));
  CHECK(json["counts"]["error"] == suite_attribute(junit, "errors"));
  CHECK(json["counts"]["failed_jobs"] == 1);
}

TEST_CASE("results.json carries the Monte Carlo aggregates and statistics with the yield's interval and Cpk") {
  TempDir out;
  write_json_results(monte_carlo_run(), out.path() / "results.json");
  const auto json = nlohmann::json::parse(read_text_file(out.path() / "results.json"));
  CHECK(json["aggregates"]["tt"]["fit.a"] == 3.5);
  CHECK(json["aggregates"]["tt"]["fit.slope"] == -0.5);
  REQUIRE(json["monte_carlo"].size() == 1);
  const auto& s = json["monte_carlo"][0];
  CHECK(s["result"] == "m.i");
  CHECK(s["condition"] == "tt");
  CHECK(s["samples"] == 5);
  CHECK(s["n"] == 4);
  CHECK(s["mean"].get<double>() == doctest::Approx(1.05));
  CHECK(s["sigma"].get<double>() == doctest::Approx(0.129099).epsilon(1e-4));
  CHECK(s["min"] == 0.9);
  CHECK(s["max"] == 1.2);
  CHECK(s["yield"].get<double>() == doctest::Approx(0.8));  // the failed sample is a failed die
  CHECK(s["yield_ci95"]["method"] == "clopper-pearson");
  CHECK(s["yield_ci95"]["low"].get<double>() == doctest::Approx(0.2836).epsilon(1e-3));
  CHECK(s["yield_ci95"]["high"].get<double>() == doctest::Approx(0.9949).epsilon(1e-3));
  // Cpk: the nearer limit, the min: (1.05 - 0.5) / (3 sigma).
  CHECK(s["cpk"].get<double>() == doctest::Approx(0.55 / (3 * 0.129099)).epsilon(1e-3));
}

TEST_CASE("a failed job no spec judges is one error check, in the report counts and in junit.xml alike") {
  Testbench testbench;  // no specs
  std::vector<JobOutcome> outcomes(2);
  outcomes[0].job.id = "t/a";
  outcomes[0].sim.ok = true;
  outcomes[1].job.id = "t/b";
  outcomes[1].sim.error = "worker crashed";
  RunResult run;
  run.outcomes = outcomes;
  run.checks = check_specs(testbench, run.outcomes);
  REQUIRE(run.checks.size() == 1);
  CHECK(run.checks[0].job_failure);
  CHECK(run.checks[0].spec.result == "simulation");
  CHECK(run.checks[0].verdict.reason == "worker crashed");
  CHECK(run.errors() == 1);
  CHECK(run.exit_code() == 1);
}

TEST_CASE("one failed job is counted once: the run's errors equal junit.xml's and results.json's") {
  EkvSimulator simulator(1.35, true);  // one of the three jobs fails
  TempDir out;
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  const RunResult r = run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1).result;
  CHECK(r.failed_jobs() == 1);
  const std::string junit = read_text_file(out.path() / "junit.xml");
  const auto json = nlohmann::json::parse(read_text_file(out.path() / "results.json"));
  CHECK(r.errors() == suite_attribute(junit, "errors"));
  CHECK(r.errors() == occurrences(junit, "<error "));
  CHECK(json["counts"]["error"] == r.errors());
  CHECK(json["checks"].size() == occurrences(junit, "<testcase "));
  const std::string report = read_text_file(out.path() / "report.md");
  CHECK(report.find(fmt::format("0 fail · {} error", r.errors())) != std::string::npos);
}

// The run pipeline (plan -> render -> measure -> check -> report) with a stand-in simulator that
// returns ideal EKV curves; the real simulator is exercised in tests/integration.
#include "run.h"

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "device_extraction.h"
#include "temp_dir.h"

using namespace logsgd;

namespace {

class EkvSimulator : public Simulator {
 public:
  explicit EkvSimulator(double n, bool fail_second = false) : n_(n), fail_second_(fail_second) {}
  void run(const std::vector<SimRequest>& requests, const ResultCallback& on_result) override {
    for (std::size_t k = requests.size(); k-- > 0;) {  // out of order, as parallel workers finish
      const std::size_t i = k;
      const auto& request = requests[i];
      netlists.push_back(request.netlist);
      SimResult result;
      result.job_id = request.job_id;
      result.ok = !(fail_second_ && i == 1);
      if (!result.ok) result.error = "timestep too small";
      double ut = thermal_voltage(request.temperature_c);
      SimVector sweep, current;
      for (double v = 0; v <= 1.6; v += 0.005) {
        double l = std::log1p(std::exp((v - 0.45) / (2 * n_ * ut)));
        sweep.real.push_back(v);
        current.real.push_back(-(500e-9 * l * l + 1e-13));
      }
      if (result.ok)
        for (const auto& name : request.vectors) result.vectors[name] = name == "sweep" ? sweep : current;
      on_result(i, result);
    }
  }
  std::vector<std::string> netlists;

 private:
  double n_;
  bool fail_second_;
};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunOutput run_device_testbench(Simulator& simulator, const TempDir& out) {
  RunOptions options;
  options.testbench = "device_subthreshold";
  options.out_dir = out.path();
  return run_testbench(options, Pdk::from_environment(), LOGSGD_SOURCE_ROOT, simulator, 1);
}

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

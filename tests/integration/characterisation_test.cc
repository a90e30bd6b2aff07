// End to end on real sky130 devices: the device characterisation testbench through the worker
// pool and through the logsgd program itself.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "pool_fixture.h"
#include "run.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

RunResult run_device(int workers, const TempDir& out) {
  return run_with_workers(options_for("device_subthreshold", out.path()), LOGSGD_SOURCE_ROOT, workers);
}

const JobOutcome& at(const RunResult& r, const std::string& condition) {
  for (const auto& o : r.outcomes)
    if (o.job.condition.id == condition) return o;
  FAIL("no condition " << condition);
  throw;
}

// Runs the logsgd program; returns its exit code and what it printed (stdout and stderr).
int run_program(const std::string& arguments, std::string& output) {
  std::string command = std::string(LOGSGD_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("device_subthreshold: n of the unit nfet and pfet at three temperatures and all specs pass") {
  TempDir out;
  RunResult r = run_device(2, out);
  for (const auto& o : r.outcomes) REQUIRE_MESSAGE(o.ok(), o.job.id << ": " << o.failure());
  CHECK(r.exit_code() == 0);
  REQUIRE(r.outcomes.size() == 3);
  const auto& room = at(r, "tt_27C_1.80V").measured;
  CHECK(room.at("nfet.n") > 1.2);  // weak-inversion slope factor of a sky130 nfet: typically 1.2-1.5
  CHECK(room.at("nfet.n") < 1.5);
  CHECK(room.at("pfet.n") > 1.2);
  CHECK(room.at("pfet.n") < 1.6);
  // Weak inversion spans decades below I_spec, and I_spec grows with temperature for the nfet.
  CHECK(room.at("nfet.wi_decades") > 3);
  CHECK(at(r, "tt_85C_1.80V").measured.at("nfet.i_spec") > at(r, "tt_m40C_1.80V").measured.at("nfet.i_spec"));
  CHECK(std::filesystem::exists(out.path() / "report.md"));
  CHECK(std::filesystem::exists(out.path() / "junit.xml"));
}

TEST_CASE("results are bit-identical with 1 and with 2 workers") {
  TempDir one_dir, two_dir;
  RunResult one = run_device(1, one_dir), two = run_device(2, two_dir);
  REQUIRE(one.outcomes.size() == two.outcomes.size());
  for (std::size_t i = 0; i < one.outcomes.size(); ++i) {
    CHECK(one.outcomes[i].job.id == two.outcomes[i].job.id);
    CHECK(one.outcomes[i].measured == two.outcomes[i].measured);
  }
}

TEST_CASE("the logsgd program: a malformed testbench prints file:line and key and exits 1") {
  TempDir project;
  project.write("cells/.keep", "");
  project.write("testbenches/broken/broken.spice", "R1 a 0 1k\n");
  project.write("testbenches/broken/testbench.yaml",
                "name: broken\ntemplate: broken.spice\nparameters:\n  r: \"1k\\n.control\\nshell id\\n.endc\"\n"
                "analyses:\n  - op: {}\n");
  std::string output;
  int code = run_program("run " + (project.path() / "testbenches" / "broken").string(), output);
  CHECK(code == 1);
  CHECK(output.find("testbench.yaml:4: key 'parameters.r'") != std::string::npos);
  CHECK(output.find("is not a number") != std::string::npos);
}

TEST_CASE("the logsgd program: check-pdk simulates a device with each library") {
  std::string output;
  int code = run_program("check-pdk", output);
  CHECK(code == 0);
  CHECK(output.find("combined: deck loaded") != std::string::npos);
  CHECK(output.find("binned: deck loaded") != std::string::npos);
  CHECK(output.find("PDK OK") != std::string::npos);
}

TEST_CASE("tl_multiplier_step: the synapse's multiplier settles from its learn-edge steps with margin, and its arrays' density is over all units") {
  TempDir out;
  RunResult r = run_with_workers(options_for("tl_multiplier_step", out.path()), LOGSGD_SOURCE_ROOT, 2);
  REQUIRE(r.outcomes.size() == 2);  // cc swept over 0.25 and 0.5 pF
  for (const auto& o : r.outcomes) {
    REQUIRE_MESSAGE(o.ok(), o.failure());
    for (const char* edge : {"a1", "b2", "ab1", "ab4", "low3"}) {
      CHECK(o.measured.at(std::string(edge) + ".ripple") < 0.01);
      CHECK(o.measured.at(std::string(edge) + ".overshoot") < 0.2);
    }
    // A step down lags (charge short of the ideal step, positive), the step back up leads.
    CHECK(o.measured.at("a1.lag_charge") > 0);
    CHECK(o.measured.at("a2.lag_charge") < 0);
  }
  // Half the compensation, about half the lag.
  const double ratio = r.outcomes[0].measured.at("a1.lag_charge") / r.outcomes[1].measured.at("a1.lag_charge");
  CHECK(ratio == doctest::Approx(0.5).epsilon(0.15));
  CHECK(r.exit_code() == 0);
  // The loop devices are 5 units of 5/1 carrying I_u = 10 nA: IC over the whole 25/1.
  const std::string report = read_text_file(out.path() / "report.md");
  const std::string row = "| `xa.xm1` nfet_01v8 | 5 × 5/1 | ";
  const auto at = report.find(row);
  REQUIRE(at != std::string::npos);
  const auto ic_at = report.find(" | ", at + row.size()) + 3;  // past the I_D column
  CHECK(std::stod(report.substr(ic_at, 12)) == doctest::Approx(10e-9 / (552.2e-9 * 25)).epsilon(0.02));  // cells/device_factors.yaml
}

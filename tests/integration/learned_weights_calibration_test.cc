// The calibration at the learned weights end to end on a real simulation: the ideal behavioural
// learner given an update error its power-up calibration cannot see (a term in x1^2, zero at the
// DC state where the inputs rest at 0), which moves w1's equilibrium; the first pass learns it,
// the clocked transient at the learned weights measures its mean, w1's storage-node trim takes it
// over, and the second pass learns the ideal weights.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "pool_fixture.h"
#include "run.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

namespace {

const char* const kWeights[] = {"1", "2", "3", "4", "b"};

// Per weight: a servo (on during the power-up calibration and the clocked transient) holding it
// at its target, the storage-node trim, and the ideal leak the servo must not carry there.
std::string servo_lines() {
  std::string lines =
      "Vcal cal 0 PWL(0 1 1n 0)\nVopcal opcal 0 0\n"
      "* the update error the DC calibration cannot see: zero at x1 = 0\n"
      "Bdefect 0 w1 I = {cw/tau}*0.01*v(stim_x1)*v(stim_x1)\n";
  for (const char* k : kWeights) {
    lines += fmt::format("Vtw{0} tw{0} 0 0\nBsrv{0} 0 srv{0} I = max(v(cal), v(opcal))*1u*(v(tw{0}) - v(w{0}))\n"
                         "Vsrv{0} srv{0} w{0} 0\nItrim{0} 0 w{0} 0\n"
                         "Bleakop{0} 0 w{0} I = v(opcal)*{{cw/tau}}*{{lam}}*v(tw{0})\n",
                         k);
  }
  return lines;
}

const char* const kCalibration = R"(calibration:
  trims:
    - {source: itrim1, servo: i(vsrv1), ruler: true}
    - {source: itrim2, servo: i(vsrv2), ruler: true}
    - {source: itrim3, servo: i(vsrv3), ruler: true}
    - {source: itrim4, servo: i(vsrv4), ruler: true}
    - {source: itrimb, servo: i(vsrvb), ruler: true}
  full_scale: 1n
  bits: 16
  algorithm: successive_approximation
calibration_at_learned_weights:
  mode: vopcal
  settle_samples: 16
  average_samples: 32
  weights:
    - {read: v(w1), target: vtw1, servo: i(vsrv1), trim: itrim1}
    - {read: v(w2), target: vtw2, servo: i(vsrv2), trim: itrim2}
    - {read: v(w3), target: vtw3, servo: i(vsrv3), trim: itrim3}
    - {read: v(w4), target: vtw4, servo: i(vsrv4), trim: itrim4}
    - {read: v(wb), target: vtwb, servo: i(vsrvb), trim: itrimb}
)";

}  // namespace

TEST_CASE("the calibration at the learned weights trims an update error the power-up calibration cannot see") {
  TempDir project, out;
  const std::filesystem::path root = LOGSGD_SOURCE_ROOT;
  const std::filesystem::path source = root / "testbenches" / "trainer_ideal_bsource";
  project.write("cells/.keep", "");
  project.write("corners/quick.yaml", read_text_file(root / "corners" / "quick.yaml"));
  std::string spice = read_text_file(source / "trainer_ideal_bsource.spice");
  // In the clocked transient the target is what the held weights predict, so ideally e = 0.
  const std::string error_line = "Be e 0 V = v(stim_y) - v(yhat)";
  REQUIRE(spice.find(error_line) != std::string::npos);
  spice.replace(spice.find(error_line), error_line.size(),
                "Be e 0 V = v(stim_y)*(1 - v(opcal)) + v(opcal)*(v(tw1)*v(stim_x1) + v(tw2)*v(stim_x2) + "
                "v(tw3)*v(stim_x3) + v(tw4)*v(stim_x4) + v(twb)) - v(yhat)");
  project.write("testbenches/t/trainer_ideal_bsource.spice", spice + servo_lines());
  std::string yaml = read_text_file(source / "testbench.yaml");
  REQUIRE(yaml.find("specs:") != std::string::npos);
  yaml.replace(yaml.find("specs:"), 6, std::string(kCalibration) + "specs:");
  project.write("testbenches/t/testbench.yaml", yaml);

  RunResult r = run_with_workers(options_for(project.path() / "testbenches" / "t", out.path()), project.path());
  REQUIRE(r.outcomes.size() == 1);
  REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
  const auto& m = r.outcomes[0].measured;
  // The power-up calibration sees nothing to trim (the error is zero at its DC state)...
  const double first_pass = m.at("calibration.first_pass_effective_bits");
  const double second_pass = m.at("trainer.effective_bits");
  CHECK(first_pass < 9);
  // ...the clocked transient sees the error's mean, about -C/tau * 0.01 * mean(x1^2) on w1 (the
  // servo supplies what the error takes: its current is the error's negative), and little elsewhere.
  const double defect_scale = 1e-12 / 100e-6 * 0.01;
  CHECK(m.at("calibration.learned_point_itrim1") < -0.05 * defect_scale);
  CHECK(m.at("calibration.learned_point_itrim1") > -1.0 * defect_scale);
  CHECK(std::fabs(m.at("calibration.learned_point_itrim2")) < 0.2 * std::fabs(m.at("calibration.learned_point_itrim1")));
  CHECK(m.at("calibration.itrim1") == doctest::Approx(m.at("calibration.learned_point_itrim1")).epsilon(0.01));
  // ...and the second pass learns the ideal weights.
  CHECK(second_pass > first_pass + 3);
  CHECK(m.at("calibration.saturated") == 0);
}

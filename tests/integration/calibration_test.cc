// Power-up calibration end to end on real sky130 mismatch: every Monte Carlo sample of a 2/2
// mirror is trimmed on its own draw to within the trim DAC's resolution, while its untrimmed
// twin keeps the full Pelgrom spread.
#include "calibration.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "pool_fixture.h"
#include "shortened_trainer.h"
#include "run.h"
#include "temp_dir.h"
#include "text_file.h"

using namespace logsgd;

TEST_CASE("calibration trims each mismatch sample of a mirror to within its DAC resolution") {
  TempDir out;
  RunOptions options = options_for("mirror_trim", out.path());
  options.corners = out.write("mc.yaml", "name: mc_test\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\n"
                                         "monte_carlo: {samples: 8, mismatch: true}\n");
  RunResult r = run_with_workers(options, LOGSGD_SOURCE_ROOT, 2);
  REQUIRE(r.outcomes.size() == 9);
  std::set<double> trims;
  double untrimmed_min = 10, untrimmed_max = 0;
  for (const auto& o : r.outcomes) {
    REQUIRE_MESSAGE(o.ok(), o.failure());
    REQUIRE(o.sim.trims.size() == 1);
    const TrimResult& trim = o.sim.trims[0];
    CHECK_FALSE(trim.saturated);
    // The level set is the DAC's nearest to what the servo supplied (LSB = 8 nA / 2^12).
    CHECK(std::fabs(trim.applied - trim.wanted) <= 0.5 * 8e-9 / 4096 * 1.0001);
    CHECK(o.measured.at("calibration.itrim") == trim.applied);
    CHECK(o.measured.at("calibration.saturated") == 0);
    // With the servo off, the trimmed ratio is 1 within about one LSB (0.02 % of I_ref).
    CHECK(std::fabs(o.measured.at("trimmed.ratio") - 1) < 3e-4);
    trims.insert(trim.applied);
    untrimmed_min = std::min(untrimmed_min, o.measured.at("untrimmed.ratio"));
    untrimmed_max = std::max(untrimmed_max, o.measured.at("untrimmed.ratio"));
  }
  CHECK(trims.size() >= 8);                       // each sample's own draw, its own trim
  CHECK(untrimmed_max - untrimmed_min > 0.05);    // what the trim removed: several % of spread
}

namespace {

// The mirror_trim testbench at tt/27 °C with `calibration_lines` added to its calibration block.
// The mirror's output voltage (source Vo1) moves the servo's current through DIBL.
// With `searched`, its trim is the ruler of a successive-approximation calibration.
JobOutcome nominal_mirror_trim(const std::string& calibration_lines, bool cold_dc_solves = false,
                               const std::string& top_level_lines = "", bool searched = false,
                               bool idealised = false) {
  const std::filesystem::path source = std::filesystem::path(LOGSGD_SOURCE_ROOT) / "testbenches" / "mirror_trim";
  std::string yaml = read_text_file(source / "testbench.yaml");
  const std::string anchor = "  full_scale: trim_range\n";
  const std::string corners = "corners: ../../corners/mismatch.yaml";
  REQUIRE(yaml.find(anchor) != std::string::npos);
  REQUIRE(yaml.find(corners) != std::string::npos);
  yaml.insert(yaml.find(anchor) + anchor.size(), calibration_lines);
  yaml += top_level_lines;
  if (searched) {
    const std::string trim = "{source: itrim, servo: i(vsrv)}";
    REQUIRE(yaml.find(trim) != std::string::npos);
    yaml.replace(yaml.find(trim), trim.size(), "{source: itrim, servo: i(vsrv), ruler: true}");
    yaml.insert(yaml.find(anchor) + anchor.size(), "  algorithm: successive_approximation\n  decision_time: 2m\n");
  }
  yaml.replace(yaml.find(corners), corners.size(), "corners: nominal.yaml");
  // A scratch project (templates must lie in a project's testbenches/), with the cell it uses.
  TempDir out;
  const std::filesystem::path cell = std::filesystem::path(LOGSGD_SOURCE_ROOT) / "cells" / "nfet_01v8_unit";
  for (const auto& file : std::filesystem::directory_iterator(cell))
    out.write("cells/nfet_01v8_unit/" + file.path().filename().string(), read_text_file(file.path()));
  out.write("testbenches/tb/nominal.yaml", "name: nominal\nprocess: [tt]\ntemperature: [27]\nvdd: [1.8]\n");
  out.write("testbenches/tb/mirror_trim.spice", read_text_file(source / "mirror_trim.spice"));
  RunOptions options = options_for(out.write("testbenches/tb/testbench.yaml", yaml), out.path() / "run");
  options.cold_dc_solves = cold_dc_solves;
  options.idealised_calibration = idealised;
  RunResult r = run_with_workers(options, out.path(), 1);
  REQUIRE(r.outcomes.size() == 1);
  CHECK(r.calibration.find(idealised || !searched ? "idealised" : "decisions") != std::string::npos);
  return r.outcomes[0];
}

}  // namespace

// A calibration point may add several DC states with weights (e.g. a clocked circuit's two clock
// states by their duty). With one trim whose servo slope is the same at every state, the
// least-squares trim of such a point is the weighted sum of what the single states want.
TEST_CASE("a calibration point of weighted DC states trims to the weighted sum of its states") {
  auto wanted_trim = [&](const std::string& point) {
    JobOutcome outcome = nominal_mirror_trim("  points: [" + point + ", " + point + "]\n");
    REQUIRE_MESSAGE(outcome.ok(), outcome.failure());
    REQUIRE(outcome.sim.trims.size() == 1);
    return outcome.sim.trims[0].wanted;
  };
  const double low = wanted_trim("{vo1: 0.3}");
  const double high = wanted_trim("{vo1: 1.5}");
  const double mixed = wanted_trim("[{weight: 0.25, vo1: 0.3}, {weight: 0.75, vo1: 1.5}]");
  CHECK(std::fabs(high - low) > 1e-11);   // the states differ by far more than the tolerance
  CHECK(mixed == doctest::Approx(0.25 * low + 0.75 * high).epsilon(1e-3).scale(0));
}

// The calibration's DC solves start from the last solution (a paused DC sweep, with ngspice's
// HSPICE mode off between them); from scratch they must reach the same trims. Two states and a
// trim step: the solves move between states and between trim levels. Both agree as far as Newton's
// method converged: warm solves run at the DC algorithms' tolerances (reltol 1e-6, abstol 1 fA),
// cold ones at the deck's, here the same (at ngspice's defaults, reltol 1e-3, the trims differed
// by 0.4 pA).
TEST_CASE("DC solves from the last solution reach the trims that solves from scratch reach") {
  const std::string points = "  points: [{vo1: 0.3}, {vo1: 1.5}]\n";
  const std::string tolerances = "options: {reltol: 1e-6, abstol: 1e-15}\n";
  const JobOutcome warm = nominal_mirror_trim(points, false, tolerances);
  const JobOutcome cold = nominal_mirror_trim(points, true, tolerances);
  REQUIRE_MESSAGE(warm.ok(), warm.failure());
  REQUIRE_MESSAGE(cold.ok(), cold.failure());
  const double lsb = 4e-9 / 2048;
  CHECK(std::fabs(warm.sim.trims[0].wanted) > 4 * lsb);  // a trim with something to trim
  CHECK(std::fabs(warm.sim.trims[0].wanted - cold.sim.trims[0].wanted) < lsb / 8);
  CHECK(warm.measured.at("trimmed.ratio") == doctest::Approx(cold.measured.at("trimmed.ratio")).epsilon(1e-5));
}

// The realisable calibration on sky130 devices: the mirror's servo current is never read, only its
// sign, one decision per bit of the ruler (the trim itself), at each of the two points; the trim
// found is least squares' to within the measurement's LSB.
TEST_CASE("a successive-approximation calibration reaches least squares' trim from the servo's sign alone") {
  const std::string points = "  points: [{vo1: 0.3}, {vo1: 1.5}]\n";
  const JobOutcome read = nominal_mirror_trim(points);
  const JobOutcome searched = nominal_mirror_trim(points, false, "", true);
  REQUIRE_MESSAGE(read.ok(), read.failure());
  REQUIRE_MESSAGE(searched.ok(), searched.failure());
  const double lsb = 4e-9 / 2048;
  CHECK(std::fabs(read.sim.trims[0].wanted) > 4 * lsb);
  CHECK(std::fabs(searched.sim.trims[0].wanted - read.sim.trims[0].wanted) <= lsb);
  CHECK(read.measured.count("calibration.decisions") == 0);
  // Two points read for the response, once with the trim stepped, then refined and checked: every
  // reading is 12 decisions.
  const double decisions = searched.measured.at("calibration.decisions");
  CHECK(decisions >= 4 * 12);
  CHECK(std::fmod(decisions, 12) == 0);
  CHECK(searched.measured.at("calibration.chip_time") == doctest::Approx(decisions * 2e-3));
  CHECK(searched.measured.at("calibration.saturated") == 0);
  // The mirror trimmed as least squares trims it (two points: a compromise over DIBL), to within
  // two LSBs' worth of its ratio (0.02 % each).
  CHECK(std::fabs(searched.measured.at("trimmed.ratio") - read.measured.at("trimmed.ratio")) < 4e-4);
  // --idealised-calibration runs the same testbench by least squares on the read currents.
  const JobOutcome idealised = nominal_mirror_trim(points, false, "", true, true);
  REQUIRE_MESSAGE(idealised.ok(), idealised.failure());
  CHECK(idealised.sim.trims[0].wanted == read.sim.trims[0].wanted);
  CHECK(idealised.measured.count("calibration.decisions") == 0);
}

// A servo current beyond `servo_limit` marks a DC state the servo does not hold: the state is
// solved again by a DC sweep from the deck's state, and a job still beyond it fails by name.
TEST_CASE("a calibration state whose servo supplies more than servo_limit fails the job, naming state and servo") {
  const std::string points = "  points: [{vo1: 0.3}, {vo1: 1.5}]\n";
  const JobOutcome unlimited = nominal_mirror_trim(points);
  REQUIRE_MESSAGE(unlimited.ok(), unlimited.failure());
  // A limit far above the servo's current (the mirror's DIBL and offset: tens of pA) changes nothing.
  const JobOutcome loose = nominal_mirror_trim(points + "  servo_limit: 1u\n");
  REQUIRE_MESSAGE(loose.ok(), loose.failure());
  CHECK(loose.sim.trims[0].wanted == unlimited.sim.trims[0].wanted);
  // Below it, no DC state satisfies the limit (the sweep from V_out = 0.9 V finds the same one).
  const JobOutcome tight = nominal_mirror_trim(points + "  servo_limit: 1e-18\n");
  CHECK_FALSE(tight.ok());
  CHECK(tight.failure().find("calibration state vo1=0.3") != std::string::npos);
  CHECK(tight.failure().find("servo i(vsrv)") != std::string::npos);
  CHECK(tight.failure().find("servo_limit") != std::string::npos);
}

// The transistor-level trainer at I_tau = 0.1 nA: for the servo target W = 1.5 W0, `op` lands
// in a state where the read-out carries no current and the servo supplies its whole 30 nA target.
// The trims solved from it were -195 pA and +435 pA on identical slices. With servo_limit the
// state is reached by continuation and both slices get the same trims.
TEST_CASE("a trainer's calibration state that op misses is reached by a DC sweep") {
  // The sweep's slowest point, 4 epochs instead of 12 (the test's time budget).
  TempDir project, out;
  RunOptions options = options_for("", out.path());
  options.only_jobs = {"trainer_eta_sweep/tt_27C_1.80V_itau=1e-10"};
  RunResult r = run_shortened_trainer("trainer_eta_sweep", 4, project, options);
  REQUIRE(r.outcomes.size() == 1);
  REQUIRE_MESSAGE(r.outcomes[0].ok(), r.outcomes[0].failure());
  const auto& m = r.outcomes[0].measured;
  CHECK(m.at("calibration.saturated") == 0);
  // The Q offset at rest (iqt - irt: the rest trim adds to the sunk E + X_neg; the sweep runs
  // without the learning-rate trims). A feature slice's rest currents are split 1 : 2 and its
  // offset is small. The bias slice's are split 1 : 3 (x_b = 0.5), and its rest trim takes about
  // 2 % of I_u (10 nA) at tt/27 C (cells/bias_ref bias_rest; the split's cascodes drain into nodes
  // near 1 V and near 0.4 V).
  // Both are on-chip 10-bit DACs (cells/sgdr_trainer_trimmed), so the offsets come in their LSB,
  // I_u/512 = 20 pA.
  CHECK(m.count("calibration.c_gt1") == 0);
  const double rest_offset_1 = m.at("calibration.c_qt1") - m.at("calibration.c_rt1");
  const double rest_offset_b = m.at("calibration.c_qtb") - m.at("calibration.c_rtb");
  CHECK(std::fabs(rest_offset_1) < 50e-12);
  CHECK(std::fabs(rest_offset_b) > 50e-12);
  CHECK(std::fabs(rest_offset_b) < 400e-12);
  // The learning itself is judged loosely (MISSION.md's 2 %): at I_tau = I_u/70 the on-chip tau
  // stack (cells/bias_ref, length capped at the models' 20 um, width scaled) misses I_tau, so eta
  // is off and the NMSE is about 0.9 % (0.0028 % with ideal biases).
  CHECK(m.at("trainer.nmse_percent") < 2);
}

// The worker's power-up calibration against in-memory circuits whose right trims are known.
#include "calibrate.h"

#include <doctest/doctest.h>

#include "in_memory_circuit.h"

using namespace logsgd;

namespace {

// Relative: doctest's Approx also passes anything within epsilon of zero, which every current is.
doctest::Approx relative(double expected, double epsilon = 1e-9) { return doctest::Approx(expected).scale(0).epsilon(epsilon); }

// One servo holding a quantity at the target vref sets; it supplies (c0 - t0) + (vref / 0.5) (c1 - t1):
// an offset trim t0 and a gain trim t1, nulled at every vref exactly by t0 = c0, t1 = c1.
// Above vref = `op_fails_above` `op` finds another DC state, where the servo supplies 1 uA; a DC
// sweep that starts below it follows the held branch.
class OffsetAndGain : public InMemoryCircuit {
 public:
  double c0 = 3.1e-9, c1 = -1.7e-9;
  double op_fails_above = 10;
  double solve_fails_above = 10;  // above it a solve does not converge at all (a sweep from below does)
  double solve_fails_at_ruler_above = 1;  // a solve with itrim0 above it does not converge (a sweep does)
  bool held_branch = true;

  OffsetAndGain() { sources = {{"itrim0", 0}, {"itrim1", 0}, {"vref", 0.3}}; }
  std::string solve() override {
    held_branch = sources["vref"] <= op_fails_above;
    if (sources["vref"] > solve_fails_above || sources["itrim0"] > solve_fails_at_ruler_above)
      return "doAnalyses: OP:  Timestep too small";
    return InMemoryCircuit::solve();
  }
  std::string sweep(const std::string& source, double from, double to, int steps) override {
    held_branch = from <= op_fails_above;
    if (from > solve_fails_above) return "dc sweep: Timestep too small";
    sources.at(source) = to;  // the sweep's final point is the state read
    return InMemoryCircuit::sweep(source, from, to, steps);
  }
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
    std::vector<double> out;
    for (const auto& name : names) {
      if (name != "i(vservo)") {
        error = fmt::format("'{}' is not a DC operating-point value", name);
        return {};
      }
      out.push_back(held_branch ? (c0 - sources["itrim0"]) + sources["vref"] / 0.5 * (c1 - sources["itrim1"]) : 1e-6);
    }
    return out;
  }
};

// itrim0 nulls the servo at the deck's own state.
CalibrationRequest one_point_request(int bits) {
  CalibrationRequest calibration;
  calibration.trims = {{"itrim0", "i(vservo)"}};
  calibration.full_scale = 10e-9;
  calibration.bits = bits;
  return calibration;
}

CalibrationRequest two_point_request() {
  CalibrationRequest calibration;
  calibration.trims = {{"itrim0", "i(vservo)"}, {"itrim1", "i(vservo)"}};
  calibration.full_scale = 10e-9;
  calibration.bits = 10;
  calibration.points = {{{1, {{"vref", 0.2}}}}, {{1, {{"vref", 0.6}}}}};
  return calibration;
}

}  // namespace

TEST_CASE("calibrate: one point, each trim takes its servo's current, set to the nearest DAC level") {
  OffsetAndGain circuit;
  circuit.c1 = 0;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, one_point_request(8), trims, error);
  REQUIRE(error.empty());
  REQUIRE(trims.size() == 1);
  CHECK(trims[0].source == "itrim0");
  CHECK(trims[0].wanted == relative(3.1e-9));
  CHECK(trims[0].applied == relative(40 * 10e-9 / 128));  // 3.1 nA is nearest code 40 of 10 nA / 128
  CHECK_FALSE(trims[0].saturated);
  CHECK(circuit.sources["itrim0"] == trims[0].applied);
}

TEST_CASE("calibrate: over two points the offset and gain trims are solved together and the points' sources restored") {
  OffsetAndGain circuit;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, two_point_request(), trims, error);
  REQUIRE(error.empty());
  REQUIRE(trims.size() == 2);
  CHECK(trims[0].wanted == relative(3.1e-9));
  CHECK(trims[1].wanted == relative(-1.7e-9));
  CHECK(circuit.sources["itrim0"] == trims[0].applied);
  CHECK(circuit.sources["itrim1"] == trims[1].applied);
  CHECK(std::fabs(trims[1].applied - -1.7e-9) <= 10e-9 / 512 / 2);  // half an LSB
  CHECK(circuit.sources["vref"] == 0.3);
  CHECK(circuit.sweeps.empty());
}

// The same servo with a response that flattens as the offset trim grows (the operating point moves
// with the trim): one least-squares step from the untrimmed state lands ~20 % short of c0.
class CurvedOffsetAndGain : public OffsetAndGain {
 public:
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
    std::vector<double> out = OffsetAndGain::values(names, error);
    const double offset = c0 - sources["itrim0"];
    for (double& v : out) v += offset * offset / 20e-9;
    return out;
  }
};

TEST_CASE("calibrate: a response that is not linear in the trims is refined until the servos are nulled") {
  CurvedOffsetAndGain circuit;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, two_point_request(), trims, error);
  REQUIRE(error.empty());
  const double lsb = 10e-9 / 512;
  CHECK(std::fabs(trims[0].wanted - 3.1e-9) <= lsb / 4);
  CHECK(std::fabs(trims[1].wanted - -1.7e-9) <= lsb / 4);
  // the residual is what the servo supplies at the DAC levels: within a couple of LSBs' worth
  CHECK(trims[0].residual > 0);
  CHECK(trims[0].residual <= 3 * lsb);
  CHECK(trims[0].residual == trims[1].residual);  // one servo
}

// Two servos: A is nulled by trim ta (and moved a little by tb); B by tb, but B's target differs
// between the two points by 2 nA, so no level of tb nulls it at both, and ta moves B differently
// at the two points: a joint least-squares solve would spend ta on B's spread (A off by ~nA).
class TwoServos : public InMemoryCircuit {
 public:
  TwoServos() { sources = {{"ita", 0}, {"itb", 0}, {"vref", 0.3}}; }
  std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
    std::vector<double> out;
    for (const auto& name : names) {
      if (name == "i(vsa)")
        out.push_back(20e-12 - sources["ita"] + 0.01 * sources["itb"]);
      else if (name == "i(vsb)")
        out.push_back((sources["vref"] < 0.4 ? 1e-9 : 3e-9) - sources["itb"] + 0.1 * sources["vref"] * sources["ita"]);
      else
        error = fmt::format("'{}' is not a DC operating-point value", name);
    }
    return out;
  }
};

TEST_CASE("calibrate: each trim nulls its own servo, and a servo no trim can null does not pull the others") {
  TwoServos circuit;
  CalibrationRequest calibration;
  calibration.trims = {{"ita", "i(vsa)"}, {"itb", "i(vsb)"}};
  calibration.full_scale = 10e-9;
  calibration.bits = 12;
  calibration.points = {{{1, {{"vref", 0.2}}}}, {{1, {{"vref", 0.6}}}}};
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  const double lsb = 10e-9 / 2048;
  // A nulled at B's level; B's least-squares level with that ta (its points move by 0.02 and 0.06 ta)
  const double ta = 20e-12 + 0.01 * trims[1].wanted;
  CHECK(std::fabs(trims[0].wanted - ta) <= lsb / 4);
  // B has no null, so its level is a least-squares compromise, and that depends on the response
  // used: ita and itb (different servos, the same points) are stepped together, so itb's measured
  // response carries ita's pull on B (0.1 vref per A): within 2 % of the points' 2 nA spread.
  CHECK(std::fabs(trims[1].wanted - (2e-9 + 0.04 * ta)) <= 0.02 * 2e-9);
  CHECK(trims[0].residual <= lsb);
  CHECK(trims[1].residual == doctest::Approx(1e-9).epsilon(0.01));
}

TEST_CASE("calibrate: a trim with its own points is solved over those only, and its residual read there") {
  // TwoServos with a third point where servo A reads 5 nA more: no trim is meant to null that.
  class ThirdPointOff : public TwoServos {
   public:
    std::vector<double> values(const std::vector<std::string>& names, std::string& error) override {
      std::vector<double> out = TwoServos::values(names, error);
      if (sources["vref"] > 0.9 && !out.empty()) out[0] += 5e-9;
      return out;
    }
  } circuit;
  CalibrationRequest calibration;
  calibration.trims = {{"ita", "i(vsa)"}, {"itb", "i(vsb)"}};
  calibration.full_scale = 10e-9;
  calibration.bits = 12;
  calibration.points = {{{1, {{"vref", 0.2}}}}, {{1, {{"vref", 0.6}}}}, {{1, {{"vref", 1.0}}}}};
  calibration.trim_points = {{"ita", {0, 1}}, {"itb", {0, 1}}};
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  const double lsb = 10e-9 / 2048;
  CHECK(std::fabs(trims[0].wanted - (20e-12 + 0.01 * trims[1].wanted)) <= lsb / 4);
  CHECK(trims[0].residual <= lsb);  // the 5 nA at the third point is not its residual
}

TEST_CASE("calibrate: the residual is the servo's current at the DAC levels") {
  OffsetAndGain circuit;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, one_point_request(8), trims, error);
  REQUIRE(error.empty());
  // at vref = 0.3 the servo supplies c0 - t0 + 0.6 c1 = 2.08 nA - t0; the DAC's nearest level is
  // code 27 of 10 nA / 128, so 29.4 pA are left
  CHECK(trims[0].applied == relative(27 * 10e-9 / 128));
  CHECK(trims[0].residual == relative(27 * 10e-9 / 128 - 2.08e-9, 1e-6));
}

TEST_CASE("calibrate: a wanted trim beyond the DAC's range saturates") {
  OffsetAndGain circuit;
  circuit.c0 = 25e-9;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, one_point_request(4), trims, error);
  REQUIRE(error.empty());
  CHECK(trims[0].saturated);
  CHECK(trims[0].applied == relative(7 * 10e-9 / 8));
}

TEST_CASE("calibrate: a state op misses (servo beyond servo_limit) is reached by a DC sweep from the deck's state") {
  OffsetAndGain circuit;
  circuit.op_fails_above = 0.5;  // vref = 0.6 lands op in the other state; the deck sits at 0.3
  CalibrationRequest calibration = two_point_request();
  calibration.servo_limit = 100e-9;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  CHECK(trims[0].wanted == relative(3.1e-9));
  CHECK(trims[1].wanted == relative(-1.7e-9));
  REQUIRE_FALSE(circuit.sweeps.empty());
  CHECK(circuit.sweeps[0] == "vref 0.3 0.6 5");
  CHECK(circuit.sources["vref"] == 0.3);
}

TEST_CASE("calibrate: a state whose solve fails is reached by a DC sweep from a held state, or the error names it") {
  OffsetAndGain circuit;
  circuit.solve_fails_above = 0.5;  // vref = 0.6 does not converge from scratch; the deck sits at 0.3
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, two_point_request(), trims, error);
  REQUIRE(error.empty());
  CHECK(trims[0].wanted == relative(3.1e-9));
  CHECK(trims[1].wanted == relative(-1.7e-9));
  REQUIRE_FALSE(circuit.sweeps.empty());
  CHECK(circuit.sweeps[0] == "vref 0.3 0.6 5");

  OffsetAndGain stuck;
  stuck.solve_fails_above = 0.1;  // the deck's own state fails too: no sweep starts where a solve converges
  trims.clear();
  calibrate(stuck, two_point_request(), trims, error);
  CHECK(error == "calibration operating point, state vref=0.2: doAnalyses: OP:  Timestep too small; also when reached by a "
                 "DC sweep: dc sweep: Timestep too small");
  CHECK(trims.empty());
}

TEST_CASE("calibrate: without servo_limit the wrong state goes unnoticed, with it and no way there the job fails") {
  OffsetAndGain unchecked;
  unchecked.op_fails_above = 0.5;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(unchecked, two_point_request(), trims, error);
  REQUIRE(error.empty());
  CHECK(trims[0].wanted != relative(3.1e-9, 1e-3));  // solved on the wrong state

  OffsetAndGain stuck;
  stuck.op_fails_above = 0.1;  // the deck's own state (0.3) is beyond too: no sweep starts on the held branch
  CalibrationRequest calibration = two_point_request();
  calibration.servo_limit = 100e-9;
  trims.clear();
  calibrate(stuck, calibration, trims, error);
  CHECK(error.find("calibration state vref=0.2: servo i(vservo) supplies 1e-06 A, beyond servo_limit 1e-07 A, also "
                   "when reached by a DC sweep") == 0);
  CHECK(trims.empty());
  CHECK(stuck.sources["vref"] == 0.3);
}

TEST_CASE("calibrate: a servo the circuit does not have and an unsafe source name are errors") {
  OffsetAndGain circuit;
  CalibrationRequest calibration = one_point_request(8);
  calibration.trims[0].second = "i(vother)";
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  CHECK(error == "calibration: 'i(vother)' is not a DC operating-point value");
  calibration = two_point_request();
  calibration.points[0][0].sources = {{"vref; shell", 1}};
  error.clear();
  calibrate(circuit, calibration, trims, error);
  CHECK(error == "calibration: invalid source 'vref; shell'");
  CHECK(circuit.solves == 1);  // only the first calibration solved anything
}

// The successive-approximation calibration never reads a servo's current, only its sign: itrim0
// (straight into the servo's node) is the ruler that measures it.
TEST_CASE("calibrate: successive approximation finds the trims from the servo's sign alone, one decision per bit") {
  OffsetAndGain circuit;
  CalibrationRequest calibration = two_point_request();
  calibration.rulers = {{"i(vservo)", "itrim0"}};
  std::vector<TrimResult> trims;
  std::string error;
  const int decisions = calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  REQUIRE(trims.size() == 2);
  const double lsb = 10e-9 / 512;
  // Measured to one LSB of the ruler: the trims within an LSB or two of least squares' (exact) ones.
  CHECK(std::fabs(trims[0].wanted - 3.1e-9) <= 2 * lsb);
  CHECK(std::fabs(trims[1].wanted - -1.7e-9) <= 2 * lsb);
  CHECK(circuit.sources["itrim0"] == trims[0].applied);
  CHECK(circuit.sources["vref"] == 0.3);
  // Every reading is a 10-bit search: a multiple of 10 decisions, and more than one reading.
  CHECK(decisions % 10 == 0);
  CHECK(decisions >= 4 * 10);
  // Least squares reads the currents: no decisions.
  std::vector<TrimResult> read;
  OffsetAndGain other;
  CHECK(calibrate(other, two_point_request(), read, error) == 0);
}

TEST_CASE("calibrate: a trim with its own bits is set on its own grid, and its ruler searches that many decisions") {
  OffsetAndGain circuit;
  CalibrationRequest calibration = two_point_request();
  calibration.rulers = {{"i(vservo)", "itrim0"}};
  calibration.trim_bits = {{"itrim0", 12}, {"itrim1", 4}};
  std::vector<TrimResult> trims;
  std::string error;
  const int decisions = calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  REQUIRE(trims.size() == 2);
  CHECK(decisions % 12 == 0);  // every reading a 12-bit search
  // 4 bits over +-10 nA: steps of 1.25 nA, so -1.7 nA is set to -1.25 nA.
  CHECK(trims[1].applied == relative(-1.25e-9));
  // The ruler is solved again with the gain trim at its level: it takes up the rounding's
  // -0.45 nA x (vref / 0.5), 0.8 on average over the two points.
  CHECK(std::fabs(trims[0].wanted - (3.1e-9 - 0.8 * 0.45e-9)) <= 2 * 10e-9 / 2048);
}

TEST_CASE("calibrate: a search's probe whose solve fails is reached by a DC sweep with the probe's code set") {
  OffsetAndGain circuit;
  circuit.solve_fails_at_ruler_above = 3e-9;  // the codes near c0 = 3.1 nA do not converge from scratch
  CalibrationRequest calibration = two_point_request();
  calibration.rulers = {{"i(vservo)", "itrim0"}};
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  REQUIRE(error.empty());
  const double lsb = 10e-9 / 512;
  CHECK(std::fabs(trims[0].wanted - 3.1e-9) <= 2 * lsb);
  CHECK(std::fabs(trims[1].wanted - -1.7e-9) <= 2 * lsb);
  CHECK_FALSE(circuit.sweeps.empty());
}

TEST_CASE("calibrate: a successive-approximation reading that saturates is a state the servo does not hold") {
  OffsetAndGain circuit;
  circuit.c0 = 30e-9;  // beyond the ruler's 10 nA: every decision says "more"
  CalibrationRequest calibration = one_point_request(8);
  calibration.rulers = {{"i(vservo)", "itrim0"}};
  calibration.servo_limit = 15e-9;
  std::vector<TrimResult> trims;
  std::string error;
  calibrate(circuit, calibration, trims, error);
  CHECK(error.find("beyond servo_limit") != std::string::npos);
}

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
  bool held_branch = true;

  OffsetAndGain() { sources = {{"itrim0", 0}, {"itrim1", 0}, {"vref", 0.3}}; }
  std::string solve() override {
    held_branch = sources["vref"] <= op_fails_above;
    return InMemoryCircuit::solve();
  }
  std::string sweep(const std::string& source, double from, double to, int steps) override {
    held_branch = from <= op_fails_above;
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

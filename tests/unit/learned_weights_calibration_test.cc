#include "learned_weights_calibration.h"

#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "calibration.h"
#include "config_error.h"

using namespace logsgd;

namespace {

// A trainer in memory: its first pass ends with the weights at `learned`; held by their servos
// in the clocked transient, each servo's current is `offset` + `slope` * (target - learned),
// a square wave of +-`ripple` around it at the sample rate (what the learn clock does).
class InMemoryTrainer : public TransientCircuit {
 public:
  std::map<std::string, double> sources{{"vopcal", 0}, {"vtw1", 0}, {"itrim1", 0}};
  double learned = 0.4, offset = -3e-12, slope = 1e-12, ripple = 5e-12;
  std::vector<std::string> runs;  // the analyses run, "" for the deck's
  bool fail_clocked = false;      // the clocked transient fails
  std::map<std::string, std::vector<double>> last;

  void set_source(const std::string& source, double value) override { sources.at(source) = value; }
  double source(const std::string& source) override { return sources.at(source); }
  std::string transient(const std::string& arguments, const std::vector<std::string>&) override {
    runs.push_back(arguments);
    if (fail_clocked && !arguments.empty()) return "timestep too small";
    last.clear();
    for (int k = 0; k <= 1000; ++k) {  // 10 us steps over 10 ms
      const double t = k * 1e-5;
      last["time"].push_back(t);
      last["v(w1)"].push_back(learned);
      const double square = (k / 5) % 2 == 0 ? ripple : -ripple;
      last["i(vsrv1)"].push_back(sources.at("vopcal") == 1 ? offset + slope * (sources.at("vtw1") - learned) + square : 0);
    }
    return "";
  }
  std::vector<double> transient_vector(const std::string& name, std::string& error) override {
    auto found = last.find(name);
    if (found == last.end()) {
      error = "no " + name;
      return {};
    }
    return found->second;
  }
  void discard_results() override { last.clear(); }
};

LearnedWeightsCalibrationRequest request() {
  LearnedWeightsCalibrationRequest r;
  r.mode = "vopcal";
  r.weights = {{"v(w1)", "vtw1", "i(vsrv1)", "itrim1"}};
  r.read_from = 9.9e-3;
  r.read_to = 1e-2;
  r.average_from = 2e-3;
  r.average_to = 6e-3;
  r.step = 2e-6;
  r.max_step = 5e-6;
  return r;
}

CalibrationRequest power_up() {
  CalibrationRequest c;
  c.trims = {{"itrim1", "i(vsrv1)"}};
  c.full_scale = 1e-9;
  c.bits = 16;
  c.servo_limit = 1e-9;
  return c;
}

}  // namespace

TEST_CASE("time_average integrates exactly, so a signal periodic in the sample time does not alias") {
  std::vector<double> t{0, 1, 1, 2, 2, 3, 3, 4}, v{1, 1, -1, -1, 1, 1, -1, -1};
  CHECK(time_average(t, v, 0, 4) == doctest::Approx(0));
  CHECK(time_average(t, v, 0, 1) == doctest::Approx(1));
  CHECK(time_average(t, v, 0.5, 1.5) == doctest::Approx(0));  // half a period each side of the edge
  CHECK(time_average({0, 2}, {0, 2}, 0, 2) == doctest::Approx(1));  // linear between samples
  CHECK(std::isnan(time_average({0, 2}, {0, 2}, 1, 3)));  // not covered
  CHECK(std::isnan(time_average({0, 2}, {0, 2}, 1, 1)));  // empty window
}

TEST_CASE("calibrate_at_learned_weights holds the weights where the first pass left them and trims their servos' mean") {
  InMemoryTrainer trainer;
  SimResult result;
  result.trims = {{"itrim1", 1e-12, 1e-12, false, 0}};
  std::string error;
  calibrate_at_learned_weights(trainer, request(), power_up(), result, error);
  REQUIRE(error.empty());
  REQUIRE(trainer.runs.size() == 2);
  CHECK(trainer.runs[0].empty());  // the first pass: the deck's own transient
  CHECK(trainer.runs[1] == "2e-06 0.006 0 5e-06");
  REQUIRE(result.first_pass_weights.size() == 1);
  CHECK(result.first_pass_weights[0] == doctest::Approx(0.4));
  // Held at 0.4, the servo supplies the offset; the square wave averages out over whole periods.
  CHECK(result.learned_point_servo.at(0) == doctest::Approx(-3e-12).epsilon(1e-9));
  CHECK(result.trims[0].wanted == doctest::Approx(-2e-12));
  CHECK(result.trims[0].applied == doctest::Approx(quantise_trim(-2e-12, 1e-9, 16).value));
  CHECK(trainer.sources.at("itrim1") == result.trims[0].applied);
  // Every source it moved is back, except the trim.
  CHECK(trainer.sources.at("vopcal") == 0);
  CHECK(trainer.sources.at("vtw1") == 0);
}

TEST_CASE("calibrate_at_learned_weights: a failed transient, a servo beyond its limit or an unknown trim is the job's error") {
  SimResult result;
  result.trims = {{"itrim1", 0, 0, false, 0}};
  std::string error;
  InMemoryTrainer failing;
  failing.fail_clocked = true;
  calibrate_at_learned_weights(failing, request(), power_up(), result, error);
  CHECK(error.find("clocked transient: timestep too small") != std::string::npos);
  CHECK(failing.sources.at("vopcal") == 0);  // restored after the failure too

  error.clear();
  InMemoryTrainer first;
  first.offset = -2e-9;  // the servo supplies more than servo_limit: not holding the weight
  calibrate_at_learned_weights(first, request(), power_up(), result, error);
  CHECK(error.find("beyond servo_limit") != std::string::npos);

  error.clear();
  InMemoryTrainer unknown;
  SimResult no_trims;
  calibrate_at_learned_weights(unknown, request(), power_up(), no_trims, error);
  CHECK(error.find("not a trim of the power-up calibration") != std::string::npos);
}

TEST_CASE("calibration_at_learned_weights: one ruler per trainer weight, whole epochs, and clear errors") {
  const std::map<std::string, double> parameters;
  const CalibrationDef power = parse_calibration(
      YamlNode::load_string("{trims: [{source: itrim1, servo: i(vsrv1), ruler: true}, {source: iq1, servo: i(vsrv1)},"
                            " {source: itrimb, servo: i(vsrvb), ruler: true}], full_scale: 1n,"
                            " algorithm: successive_approximation}",
                            "c.yaml"),
      parameters);
  auto parse = [&](const std::string& weights, const std::string& extra = "average_samples: 32") {
    return parse_learned_weights_calibration(
        YamlNode::load_string("{mode: vopcal, settle_samples: 16, " + extra + ", weights: [" + weights + "]}", "t.yaml"),
        power, {"v(w1)", "v(wb)"}, 16);
  };
  const std::string w1 = "{read: v(w1), target: vtw1, servo: i(vsrv1), trim: itrim1}";
  const std::string wb = "{read: v(wb), target: vtwb, servo: i(vsrvb), trim: itrimb}";
  const LearnedWeightsCalibrationDef def = parse(w1 + ", " + wb);
  CHECK(def.mode == "vopcal");
  CHECK(def.settle_samples == 16);
  CHECK(def.average_samples == 32);
  REQUIRE(def.weights.size() == 2);
  CHECK(def.weights[1].trim == "itrimb");
  CHECK_THROWS_WITH_AS(parse(w1), doctest::Contains("one entry per trainer weight (2)"), ConfigError);
  CHECK_THROWS_WITH_AS(parse(wb + ", " + w1), doctest::Contains("read as 'v(w1)'"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{read: v(w1), target: vtw1, servo: i(vsrv1), trim: iq1}, " + wb),
                       doctest::Contains("not a ruler trim"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{read: v(w1), target: vtw1, servo: i(vsrvb), trim: itrim1}, " + wb),
                       doctest::Contains("ruler of servo 'i(vsrv1)'"), ConfigError);
  CHECK_THROWS_WITH_AS(parse("{read: v(w1), target: \"vtw1\\n.control\", servo: i(vsrv1), trim: itrim1}, " + wb),
                       doctest::Contains("voltage source"), ConfigError);
  CHECK_THROWS_WITH_AS(parse(w1 + ", " + wb, "average_samples: 20"), doctest::Contains("whole epochs"), ConfigError);
  CHECK_THROWS_WITH_AS(parse(w1 + ", " + wb, "average_samples: 0"), doctest::Contains("whole number >= 1"), ConfigError);
}

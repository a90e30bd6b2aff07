// The learning-equilibrium sensitivity against an in-memory circuit whose answer is known.
#include "learning_sensitivity.h"

#include <doctest/doctest.h>

#include <map>

#include "in_memory_circuit.h"

using namespace logsgd;

namespace {

// Two weights held by servos; each servo supplies a_i + sum_j J_ij T_j + c_i x (x: a data source)
// and the read-out is T_i + r_i. Device "m1" moves a_0 and r_1 per volt of threshold, "m2" moves a_1.
class LinearTrainer : public InMemoryCircuit {
 public:
  Eigen::Matrix2d jacobian{{-2e-10, 0.3e-10}, {0.2e-10, -1e-10}};

  LinearTrainer() { sources = {{"vt0", 0}, {"vt1", 0}, {"vx", 0}, {"vlearn", 0}, {"itrim", 0}, {"vp", 0}, {"vq", 0}}; }
  std::vector<double> values(const std::vector<std::string>& names, std::string&) override {
    Eigen::Vector2d t(sources["vt0"], sources["vt1"]);
    Eigen::Vector2d a(1e-12 + 5e-10 * shifts["m1"] + sources["itrim"], -2e-12 + 3e-10 * shifts["m2"]);
    Eigen::Vector2d c(4e-11, -1e-11);
    // Learning: the data term acts only with the learn clock high.
    Eigen::Vector2d servo = a + jacobian * t + c * sources["vx"] * (sources["vlearn"] > 0.9 ? 1 : 0);
    Eigen::Vector2d read = t + Eigen::Vector2d(0, 0.5 * shifts["m1"]);
    std::vector<double> out;
    for (const auto& name : names) {
      if (name == "i(s0)") out.push_back(servo(0));
      if (name == "i(s1)") out.push_back(servo(1));
      if (name == "v(w0)") out.push_back(read(0));
      if (name == "v(w1)") out.push_back(read(1));
      // A forward path: probes vp, vq see the weights through gains 2 (+10 per volt of m2) and 3, plus an offset.
      if (name == "v(e)") out.push_back((2 + 10 * shifts["m2"]) * t(0) * sources["vp"] + 3 * t(1) * sources["vq"] + 0.7);
    }
    return out;
  }
};

LearningSensitivityRequest request() {
  LearningSensitivityRequest r;
  r.learn_states = {{0.35, {{"vx", 0.5}, {"vlearn", 1.8}}}, {0.35, {{"vx", -0.1}, {"vlearn", 1.8}}}};
  r.rest_state = {0.3, {}};
  r.servos = {"i(s0)", "i(s1)"};
  r.targets = {"vt0", "vt1"};
  r.readouts = {"v(w0)", "v(w1)"};
  r.initial = {0.1, -0.1};
  return r;
}

}  // namespace

TEST_CASE("the learning equilibrium and each device's move of it match the linear circuit's exact answer") {
  LinearTrainer circuit;
  SimResult result;
  std::string error;
  learning_sensitivity(circuit, request(), {}, {{"m1", 1, 1, 0.01}, {"m2", 1, 1, 0.02}}, result, error);
  REQUIRE(error.empty());
  // Equilibrium: sum_s w_s servo_s = 0 -> a + J T + c * (0.35 * 0.5 - 0.35 * 0.1) = 0.
  const Eigen::Vector2d drive = Eigen::Vector2d(1e-12, -2e-12) + Eigen::Vector2d(4e-11, -1e-11) * 0.14;
  const Eigen::Vector2d equilibrium = -circuit.jacobian.inverse() * drive;
  REQUIRE(result.sensitivity_base.size() == 2);
  CHECK(result.sensitivity_base[0] == doctest::Approx(equilibrium(0)).epsilon(1e-6));
  CHECK(result.sensitivity_base[1] == doctest::Approx(equilibrium(1)).epsilon(1e-6));
  REQUIRE(result.mismatch_contributions.size() == 2);
  // m1 at +1 sigma (0.01 V): a_0 += 5e-12 moves the equilibrium, and the read-out of w1 by 0.005.
  const Eigen::Vector2d m1_move = -circuit.jacobian.inverse() * Eigen::Vector2d(5e-12, 0);
  CHECK(result.mismatch_contributions[0].deltas[0] == doctest::Approx(m1_move(0)).epsilon(1e-6));
  CHECK(result.mismatch_contributions[0].deltas[1] == doctest::Approx(m1_move(1) + 0.005).epsilon(1e-6));
  const Eigen::Vector2d m2_move = -circuit.jacobian.inverse() * Eigen::Vector2d(0, 6e-12);
  CHECK(result.mismatch_contributions[1].deltas[0] == doctest::Approx(m2_move(0)).epsilon(1e-6));
  CHECK(result.mismatch_contributions[1].deltas[1] == doctest::Approx(m2_move(1)).epsilon(1e-6));
  // Every source and threshold is back where it was.
  CHECK(circuit.sources["vx"] == 0);
  CHECK(circuit.sources["vlearn"] == 0);
  CHECK(circuit.sources["vt0"] == 0);
  CHECK(circuit.shifts["m1"] == 0);
}

// The same circuit, except that a DC solve with the learn clock high does not converge (as `op` from
// scratch in the trainer's learning state can fail); a DC sweep of the clock from rest does.
class LearningStateUnsolvable : public LinearTrainer {
 public:
  std::string solve() override {
    ++solves;
    return sources["vlearn"] > 0.9 ? "doAnalyses: OP:  Timestep too small" : "";
  }
  std::string sweep(const std::string& source, double from, double to, int steps) override {
    sources.at(source) = to;
    return InMemoryCircuit::sweep(source, from, to, steps);
  }
};

TEST_CASE("a learning state that does not solve from scratch is reached by a DC sweep of the clock, with the same answer") {
  LinearTrainer reference;
  SimResult expected, result;
  std::string error;
  learning_sensitivity(reference, request(), {}, {{"m1", 1, 1, 0.01}}, expected, error);
  REQUIRE(error.empty());
  LearningStateUnsolvable circuit;
  learning_sensitivity(circuit, request(), {}, {{"m1", 1, 1, 0.01}}, result, error);
  REQUIRE_MESSAGE(error.empty(), error);
  REQUIRE(result.sensitivity_base.size() == 2);
  CHECK(result.sensitivity_base[0] == doctest::Approx(expected.sensitivity_base[0]).epsilon(1e-9));
  CHECK(result.mismatch_contributions[0].deltas[1] == doctest::Approx(expected.mismatch_contributions[0].deltas[1]).epsilon(1e-9));
  REQUIRE_FALSE(circuit.sweeps.empty());
  CHECK(circuit.sweeps[0].rfind("vlearn 0 1.8", 0) == 0);
}

TEST_CASE("servo currents that do not depend on the weights are an error, not a number") {
  LinearTrainer circuit;
  circuit.jacobian.setZero();
  SimResult result;
  std::string error;
  learning_sensitivity(circuit, request(), {}, {}, result, error);
  CHECK(error.find("singular") != std::string::npos);
}

TEST_CASE("moment-matching points reproduce the data set's mean and covariance, so any quadratic's average") {
  Dataset data = synthetic_linear("t", 40, {0.6, -0.3, 0.2}, 0.1, 0.05, 7);
  Eigen::MatrixXd z(data.samples(), 4);
  z << data.x, data.y;
  std::vector<WeightedPoint> points = moment_matching_points(z);
  CHECK(points.size() == 2 * 4 + 1);
  auto quadratic = [](const Eigen::VectorXd& z) {
    return 0.3 + z(0) - 2 * z(3) + z(0) * z(1) - 0.5 * z(2) * z(2) + 1.5 * z(1) * z(3);
  };
  double over_points = 0, weights = 0, over_data = 0;
  for (const auto& p : points) {
    over_points += p.weight * quadratic(p.z);
    weights += p.weight;
  }
  for (int s = 0; s < data.samples(); ++s) {
    Eigen::VectorXd z(4);
    z << data.x.row(s).transpose(), data.y(s);
    over_data += quadratic(z) / data.samples();
  }
  CHECK(weights == doctest::Approx(1));
  CHECK(over_points == doctest::Approx(over_data).epsilon(1e-12));
}

TEST_CASE("with a calibration, a shifted die is re-trimmed: what the trim nulls no longer moves the weights") {
  LinearTrainer circuit;
  CalibrationRequest calibration;
  calibration.trims = {{"itrim", "i(s0)"}};  // one trim on weight 0's servo, solved at the deck's state
  calibration.full_scale = 1e-9;
  calibration.bits = 12;
  SimResult result;
  std::string error;
  learning_sensitivity(circuit, request(), calibration, {{"m1", 1, 1, 0.01}, {"m2", 1, 1, 0.02}}, result, error);
  REQUIRE(error.empty());
  // m1's offset on servo 0 is trimmed away; its direct effect on w1's read-out (0.005) stays.
  CHECK(result.mismatch_contributions[0].deltas[0] == doctest::Approx(0).scale(1e-3));
  CHECK(result.mismatch_contributions[0].deltas[1] == doctest::Approx(0.005).epsilon(1e-6));
  // m2 moves servo 1, which no trim reaches: as without the calibration.
  const Eigen::Vector2d m2_move = -circuit.jacobian.inverse() * Eigen::Vector2d(0, 6e-12);
  CHECK(result.mismatch_contributions[1].deltas[1] == doctest::Approx(m2_move(1)).epsilon(1e-6));
  CHECK(circuit.sources["itrim"] == 0);
}

TEST_CASE("read through the forward path, the weights are the probes' responses, the path's gain error included") {
  LinearTrainer circuit;
  LearningSensitivityRequest r = request();
  r.probe_states = {{1, {{"vp", 1}}}, {1, {{"vp", -1}}}, {1, {{"vq", 1}}}, {1, {{"vq", -1}}}};
  r.probe_vector = "v(e)";
  r.probe_coefficients = {{0.25, -0.25, 0, 0}, {0, 0, 1.0 / 6, -1.0 / 6}};  // (2 t0 - (-2 t0)) / 4 = t0; (3 t1 + 3 t1) / 6 = t1
  r.probe_constants = {0, 0.01};
  SimResult result;
  std::string error;
  learning_sensitivity(circuit, r, {}, {{"m1", 1, 1, 0.01}, {"m2", 1, 1, 0.02}}, result, error);
  REQUIRE(error.empty());
  const Eigen::Vector2d drive = Eigen::Vector2d(1e-12, -2e-12) + Eigen::Vector2d(4e-11, -1e-11) * 0.14;
  const Eigen::Vector2d equilibrium = -circuit.jacobian.inverse() * drive;
  CHECK(result.sensitivity_base[0] == doctest::Approx(equilibrium(0)).epsilon(1e-6));
  CHECK(result.sensitivity_base[1] == doctest::Approx(equilibrium(1) + 0.01).epsilon(1e-6));
  // m1 moves the equilibrium only (the storage read-out's shift is not seen through the forward path).
  const Eigen::Vector2d m1_move = -circuit.jacobian.inverse() * Eigen::Vector2d(5e-12, 0);
  CHECK(result.mismatch_contributions[0].deltas[0] == doctest::Approx(m1_move(0)).epsilon(1e-6));
  CHECK(result.mismatch_contributions[0].deltas[1] == doctest::Approx(m1_move(1)).epsilon(1e-6));
  // m2 moves the equilibrium and the forward gain of w0 by 10 * 0.02 / 2 = 10 %: to first order
  // (the analysis is linear) w0 changes by the move plus 10 % of the equilibrium.
  const Eigen::Vector2d m2_move = -circuit.jacobian.inverse() * Eigen::Vector2d(0, 6e-12);
  CHECK(result.mismatch_contributions[1].deltas[0] == doctest::Approx(m2_move(0) + 0.1 * equilibrium(0)).epsilon(1e-6));
  CHECK(result.mismatch_contributions[1].deltas[1] == doctest::Approx(m2_move(1)).epsilon(1e-6));
  CHECK(circuit.sources["vp"] == 0);
  CHECK(circuit.sources["vq"] == 0);
}

TEST_CASE("as the worker runs it, the learning sensitivity moves the MOSFETs under the request's instance paths") {
  LinearTrainer circuit;
  circuit.devices = {{"m.xt.msky130_fd_pr__nfet_01v8", "n", 1, 1}, {"m.xo.msky130_fd_pr__nfet_01v8", "n", 1, 1}};
  LearningSensitivityRequest r = request();
  r.vth_sigma_um = {{"nfet_01v8", 5e-3}};
  r.device_prefixes = {"xt"};
  SimResult result;
  std::string error;
  learning_sensitivity(circuit, r, {}, result, error);
  REQUIRE(error.empty());
  REQUIRE(result.mismatch_contributions.size() == 1);
  CHECK(result.mismatch_contributions[0].device == "m.xt.msky130_fd_pr__nfet_01v8");
  CHECK(result.mismatch_contributions[0].sigma_vth == doctest::Approx(5e-3));

  r.targets[1] = "vt1 dc=0";  // a name that would rewrite the command it is put in
  result = {};
  learning_sensitivity(circuit, r, {}, result, error);
  CHECK(error == "learning sensitivity: invalid source 'vt1 dc=0'");
  CHECK(result.mismatch_contributions.empty());
}

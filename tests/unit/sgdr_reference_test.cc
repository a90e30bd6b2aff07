// The ideal SGDr reference: exact against a fine numerical integration, converging to ridge.
#include "sgdr_reference.h"

#include <doctest/doctest.h>

#include "trainer_metrics.h"

using namespace logsgd;

TEST_CASE("the exact piecewise solution matches a fine Runge-Kutta integration") {
  Dataset data = synthetic_linear("t", 8, {0.6, -0.3}, 0.1, 0.05, 3);
  SgdrSchedule schedule{2e-3, 0.2, 1e-3, 2, 0.5e-3, true};
  Eigen::VectorXd w0 = Eigen::VectorXd::Constant(3, 0.2);
  SgdrReference reference(data, schedule, w0);
  // RK4 with 1000 steps per sample.
  Eigen::VectorXd w = w0;
  const int steps = 1000;
  const double h = schedule.sample_time / steps;
  for (int k = 0; k < data.samples() * schedule.epochs; ++k) {
    Eigen::VectorXd x = reference.input(k % data.samples());
    double y = data.y(k % data.samples());
    auto f = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
      return ((y - x.dot(v)) * x - schedule.lambda * v) / schedule.tau;
    };
    for (int s = 0; s < steps; ++s) {
      Eigen::VectorXd k1 = f(w), k2 = f(w + h / 2 * k1), k3 = f(w + h / 2 * k2), k4 = f(w + h * k3);
      w += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
  }
  CHECK((reference.final_weights() - w).norm() < 1e-12);
  // After the last sample only the regularisation acts: w decays as exp(-lambda t / tau).
  CHECK((reference.at(reference.end_time() + 1e-3) - w * std::exp(-0.2 * 1e-3 / 2e-3)).norm() < 1e-12);
  CHECK((reference.at(0) - w0).norm() == 0);
  // Inside a sample the solution is continuous with the boundaries.
  double mid = schedule.start_time + 3.5 * schedule.sample_time;
  CHECK((reference.at(mid) - reference.at(mid + 1e-12)).norm() < 1e-9);
}

TEST_CASE("slow learning over many epochs settles at the ridge solution") {
  Dataset data = synthetic_linear("t", 20, {0.5, -0.4, 0.2, 0.1}, -0.2, 0.02, 5);
  const double lambda = 0.05;
  SgdrSchedule schedule{1.0, lambda, 1e-2, 400, 0, true};  // eta = 0.01 per sample
  SgdrReference reference(data, schedule, Eigen::VectorXd::Zero(5));
  Eigen::VectorXd ridge = ridge_solution(data, lambda);
  CHECK((reference.final_weights() - ridge).norm() < 0.02);
}

TEST_CASE("a bias input below 1 scales the learned bias weight up by its inverse") {
  // A circuit that holds the bias input at 0.5 (to keep its currents positive) learns 2b.
  Dataset data = synthetic_linear("t", 20, {0.5, -0.4}, -0.2, 0.0, 5);
  SgdrSchedule schedule{1.0, 0.0, 1e-2, 2000, 0, true, 0.5};
  SgdrReference reference(data, schedule, Eigen::VectorXd::Zero(3));
  CHECK(reference.input(0)(2) == 0.5);
  Eigen::VectorXd ridge = ridge_solution(data, 0.0, true, 0.5);
  CHECK(ridge(2) == doctest::Approx(-0.4).epsilon(1e-6));
  CHECK(ridge(0) == doctest::Approx(0.5).epsilon(1e-6));
  CHECK((reference.final_weights() - ridge).norm() < 0.02);
}

TEST_CASE("trainer metrics: zero error is zero NMSE and an offset gives the expected NMSE and bits") {
  Dataset data = synthetic_linear("t", 6, {0.5}, 0.0, 0.0, 1);
  SgdrSchedule schedule{1e-3, 0, 1e-4, 3, 0, true};
  SgdrReference reference(data, schedule, Eigen::VectorXd::Zero(2));
  WeightTrajectories exact, offset;
  for (int k = 0; k <= 1000; ++k) {
    double t = reference.end_time() * k / 1000.0;
    Eigen::VectorXd w = reference.at(t);
    exact.time.push_back(t);
    offset.time.push_back(t);
    exact.weights.resize(2);
    offset.weights.resize(2);
    for (int i = 0; i < 2; ++i) {
      exact.weights[i].push_back(w(i));
      offset.weights[i].push_back(w(i) + (i == 0 ? 0.01 : -0.01));
    }
  }
  auto m0 = trainer_metrics(exact, reference, data, 0, 2.0, 0, reference.end_time(), reference.end_time());
  CHECK(m0.nmse_percent == doctest::Approx(0).epsilon(1e-12));
  auto m1 = trainer_metrics(offset, reference, data, 0, 2.0, 0, reference.end_time(), reference.end_time());
  CHECK(m1.nmse_percent == doctest::Approx(100 * 0.01 * 0.01 / 4).epsilon(1e-9));  // W_FS = 2
  CHECK(m1.effective_bits == doctest::Approx(std::log2(2.0 / (std::sqrt(12.0) * 0.01))).epsilon(1e-9));
  // The per-weight final errors keep the sign and say which weight is off.
  REQUIRE(m1.final_error.size() == 2);
  CHECK(m1.final_error[0] == doctest::Approx(0.01).epsilon(1e-9));
  CHECK(m1.final_error[1] == doctest::Approx(-0.01).epsilon(1e-9));
  CHECK(m0.final_error[1] == doctest::Approx(0).epsilon(1e-12));
}

TEST_CASE("trainer metrics: the final weights are the circuit's at the read-out time, after the training") {
  // The circuit settles after the last sample (its learning stopped): the final error is read
  // there, against the reference's final weights; the NMSE keeps the training window.
  Dataset data = synthetic_linear("t", 6, {0.5}, 0.0, 0.0, 1);
  SgdrSchedule schedule{1e-3, 0, 1e-4, 3, 0, true};
  SgdrReference reference(data, schedule, Eigen::VectorXd::Zero(2));
  const double t_end = reference.end_time(), t_read = 1.5 * t_end;
  WeightTrajectories circuit;
  circuit.weights.resize(2);
  for (int k = 0; k <= 1500; ++k) {
    double t = t_end * k / 1000.0;
    Eigen::VectorXd w = reference.at(std::min(t, t_end));
    circuit.time.push_back(t);
    for (int i = 0; i < 2; ++i) circuit.weights[i].push_back(w(i) + (t > t_end ? 0.02 : 0.0));
  }
  auto m = trainer_metrics(circuit, reference, data, 0, 2.0, 0, t_end, t_read);
  CHECK(m.nmse_percent == doctest::Approx(0).epsilon(1e-12));
  CHECK(m.final_error[0] == doctest::Approx(0.02).epsilon(1e-9));
  CHECK(m.final_error[1] == doctest::Approx(0.02).epsilon(1e-9));
  auto at_end = trainer_metrics(circuit, reference, data, 0, 2.0, 0, t_end, t_end);
  CHECK(at_end.final_error[0] == doctest::Approx(0).epsilon(1e-9));
  CHECK_THROWS(trainer_metrics(circuit, reference, data, 0, 2.0, 0, t_end, 0.5 * t_end));
}

TEST_CASE("in-situ prediction error: the ideal learner's own residual gives a ratio of 1, an offset adds its square") {
  Dataset data = synthetic_linear("t", 8, {0.6, -0.3}, 0.1, 0.05, 3);
  SgdrSchedule schedule{2e-3, 0.01, 1e-3, 3, 0.5e-3, true};
  SgdrReference reference(data, schedule, Eigen::VectorXd::Zero(3));
  std::vector<double> time, residual, offset;
  for (double t = 0; t <= reference.end_time(); t += schedule.sample_time / 200) {
    const int k = static_cast<int>((t - schedule.start_time) / schedule.sample_time);
    if (k < 0 || k >= data.samples() * schedule.epochs) continue;
    const int s = k % data.samples();
    time.push_back(t);
    residual.push_back(data.y(s) - reference.input(s).dot(reference.at(t)));
    offset.push_back(residual.back() + 0.02);
  }
  InSituError same = in_situ_error(time, residual, reference, data, schedule.start_time, schedule.sample_time, schedule.epochs);
  CHECK(same.chip_mse == doctest::Approx(same.ideal_mse).epsilon(1e-4).scale(0));
  CHECK(same.ideal_mse > 1e-4);
  InSituError shifted = in_situ_error(time, offset, reference, data, schedule.start_time, schedule.sample_time, schedule.epochs);
  // mean((r + d)^2) - mean(r^2) = 2 d mean(r) + d^2: at least of the order of d^2 here
  CHECK(std::fabs(shifted.chip_mse - same.chip_mse) > 0.5 * 0.02 * 0.02);
  CHECK(shifted.ideal_mse == doctest::Approx(same.ideal_mse));
  CHECK_THROWS(in_situ_error(time, residual, reference, data, schedule.start_time, schedule.sample_time, schedule.epochs + 1));
}

TEST_CASE("a chopped stream has the original ridge solution, and the reference negates the bias input with it") {
  Dataset data = synthetic_linear("t", 12, {0.6, -0.3}, 0.1, 0.05, 5);
  Dataset chop = chopped(data);
  CHECK((ridge_solution(chop, 0.01, true, 0.5) - ridge_solution(data, 0.01, true, 0.5)).norm() < 1e-12);
  SgdrSchedule schedule{2e-3, 0.01, 1e-3, 1, 0, true, 0.5};
  SgdrReference reference(chop, schedule, Eigen::VectorXd::Zero(3));
  CHECK(reference.input(0)(2) == 0.5);
  CHECK(reference.input(1)(2) == -0.5);
  CHECK(reference.input(1)(0) == -data.x(0, 0));
}

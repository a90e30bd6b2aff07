#include "sgdr_reference.h"

#include <unsupported/Eigen/MatrixFunctions>

#include <algorithm>
#include <cmath>

namespace logsgd {

namespace {

// The augmented system d/dt [w; 1] = M [w; 1] for one sample, so exp(M t) advances it exactly.
Eigen::MatrixXd sample_generator(const Eigen::VectorXd& x, double y, double tau, double lambda) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n + 1, n + 1);
  m.topLeftCorner(n, n) = -(x * x.transpose() + lambda * Eigen::MatrixXd::Identity(n, n)) / tau;
  m.topRightCorner(n, 1) = x * y / tau;
  return m;
}

Eigen::VectorXd advance(const Eigen::MatrixXd& generator, const Eigen::VectorXd& w, double dt) {
  Eigen::VectorXd state(w.size() + 1);
  state << w, 1.0;
  Eigen::MatrixXd step = (generator * dt).exp();
  return (step * state).head(w.size());
}

}  // namespace

SgdrReference::SgdrReference(const Dataset& data, const SgdrSchedule& schedule, const Eigen::VectorXd& initial_weights)
    : data_(data), schedule_(schedule), initial_(initial_weights) {
  Eigen::VectorXd w = initial_;
  boundaries_.push_back(w);
  const int total = data.samples() * schedule.epochs;
  for (int k = 0; k < total; ++k) {
    int sample = k % data.samples();
    w = advance(sample_generator(input(sample), data.y(sample), schedule.tau, schedule.lambda), w, schedule.sample_time);
    boundaries_.push_back(w);
  }
}

Eigen::VectorXd SgdrReference::input(int sample) const {
  Eigen::VectorXd x(data_.features() + (schedule_.bias ? 1 : 0));
  x.head(data_.features()) = data_.x.row(sample).transpose();
  if (schedule_.bias) x(data_.features()) = schedule_.bias_input * data_.bias_sign_of(sample);
  return x;
}

double SgdrReference::end_time() const {
  return schedule_.start_time + schedule_.sample_time * data_.samples() * schedule_.epochs;
}

Eigen::VectorXd SgdrReference::at(double t) const {
  if (t <= schedule_.start_time) return initial_;
  // After the last sample no input is applied (x = 0): only the regularisation acts, as in a
  // circuit whose leak runs on after its learning stops.
  if (t >= end_time()) return boundaries_.back() * std::exp(-schedule_.lambda * (t - end_time()) / schedule_.tau);
  const double elapsed = t - schedule_.start_time;
  const int k = std::min(static_cast<int>(elapsed / schedule_.sample_time), static_cast<int>(boundaries_.size()) - 2);
  const int sample = k % data_.samples();
  return advance(sample_generator(input(sample), data_.y(sample), schedule_.tau, schedule_.lambda), boundaries_[k],
                 elapsed - k * schedule_.sample_time);
}

Eigen::VectorXd ridge_solution(const Dataset& data, double lambda, bool bias, double bias_input) {
  const Eigen::Index n = data.features() + (bias ? 1 : 0);
  Eigen::MatrixXd x(data.samples(), n);
  x.leftCols(data.features()) = data.x;
  if (bias)
    for (int s = 0; s < data.samples(); ++s) x(s, n - 1) = bias_input * data.bias_sign_of(s);
  const double count = data.samples();
  Eigen::MatrixXd r = x.transpose() * x / count;
  Eigen::VectorXd p = x.transpose() * data.y / count;
  return (r + lambda * Eigen::MatrixXd::Identity(n, n)).ldlt().solve(p);
}

}  // namespace logsgd

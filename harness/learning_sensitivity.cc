#include "learning_sensitivity.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace logsgd {

std::vector<WeightedPoint> moment_matching_points(const Dataset& data) {
  const Eigen::Index n = data.samples(), d = data.features() + 1;
  Eigen::MatrixXd z(n, d);
  z.leftCols(data.features()) = data.x;
  z.col(d - 1) = data.y;
  const Eigen::VectorXd mean = z.colwise().mean();
  const Eigen::MatrixXd centred = z.rowwise() - mean.transpose();
  const Eigen::MatrixXd covariance = centred.transpose() * centred / static_cast<double>(n);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> axes(covariance);
  std::vector<WeightedPoint> points{{1.0 - static_cast<double>(d), mean}};
  for (Eigen::Index j = 0; j < d; ++j) {
    const Eigen::VectorXd axis = axes.eigenvectors().col(j) * std::sqrt(std::max(axes.eigenvalues()(j), 0.0));
    points.push_back({0.5, mean + axis});
    points.push_back({0.5, mean - axis});
  }
  return points;
}

namespace {

struct Evaluation {
  Eigen::VectorXd servo_sum;  // the weighted servo currents, one per weight
  Eigen::VectorXd readouts;   // the weights read in the rest state
};

class EquilibriumProbe {
 public:
  EquilibriumProbe(DcCircuit& circuit, const LearningSensitivityRequest& request) : circuit_(circuit), request_(request) {
    std::set<std::string> sources(request.targets.begin(), request.targets.end());
    for (const auto& state : request.learn_states)
      for (const auto& [source, value] : state.sources) sources.insert(source);
    for (const auto& [source, value] : request.rest_state.sources) sources.insert(source);
    for (const auto& source : sources) original_[source] = circuit.source(source);
  }
  ~EquilibriumProbe() {
    for (const auto& [source, value] : original_) circuit_.set_source(source, value);
  }
  EquilibriumProbe(const EquilibriumProbe&) = delete;
  EquilibriumProbe& operator=(const EquilibriumProbe&) = delete;

  std::optional<Evaluation> evaluate(const Eigen::VectorXd& targets, std::string& error) {
    const auto n = static_cast<Eigen::Index>(request_.servos.size());
    Evaluation e{Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)};
    for (Eigen::Index i = 0; i < n; ++i) circuit_.set_source(request_.targets[static_cast<std::size_t>(i)], targets(i));
    auto visit = [&](const CalibrationState& state, bool rest) {
      // Every source a state does not name goes back to its deck value (targets excepted).
      for (const auto& [source, value] : original_) {
        if (std::find(request_.targets.begin(), request_.targets.end(), source) != request_.targets.end()) continue;
        auto own = state.sources.find(source);
        circuit_.set_source(source, own == state.sources.end() ? value : own->second);
      }
      if (std::string failed = circuit_.solve(); !failed.empty()) {
        error = "learning equilibrium operating point: " + failed;
        return false;
      }
      std::vector<double> servo = circuit_.values(request_.servos, error);
      if (!error.empty()) return false;
      for (Eigen::Index i = 0; i < n; ++i) e.servo_sum(i) += state.weight * servo[static_cast<std::size_t>(i)];
      if (rest) {
        std::vector<double> read = circuit_.values(request_.readouts, error);
        if (!error.empty()) return false;
        e.readouts = Eigen::Map<const Eigen::VectorXd>(read.data(), n);
      }
      return true;
    };
    for (const auto& state : request_.learn_states)
      if (!visit(state, false)) return std::nullopt;
    if (!visit(request_.rest_state, true)) return std::nullopt;
    return e;
  }

 private:
  DcCircuit& circuit_;
  const LearningSensitivityRequest& request_;
  std::map<std::string, double> original_;
};

}  // namespace

void learning_sensitivity(DcCircuit& circuit, const LearningSensitivityRequest& request,
                          const std::vector<MismatchDevice>& devices, SimResult& result, std::string& error) {
  const auto n = static_cast<Eigen::Index>(request.servos.size());
  if (request.targets.size() != request.servos.size() || request.readouts.size() != request.servos.size() ||
      request.initial.size() != request.servos.size()) {
    error = "learning sensitivity: one servo, target, read-out and initial value per weight";
    return;
  }
  EquilibriumProbe probe(circuit, request);
  Eigen::VectorXd targets = Eigen::Map<const Eigen::VectorXd>(request.initial.data(), n);
  std::optional<Evaluation> at = probe.evaluate(targets, error);
  if (!at) return;

  // Jacobians of the servo sums (J) and of the read-out (R) against the targets, by finite
  // differences; the servo sums are close to linear in the weights, so J is computed once.
  constexpr double kStep = 0.02;  // weight units
  Eigen::MatrixXd jacobian(n, n), readout_slope(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    Eigen::VectorXd moved = targets;
    moved(j) += kStep;
    std::optional<Evaluation> e = probe.evaluate(moved, error);
    if (!e) return;
    jacobian.col(j) = (e->servo_sum - at->servo_sum) / kStep;
    readout_slope.col(j) = (e->readouts - at->readouts) / kStep;
  }
  const Eigen::FullPivLU<Eigen::MatrixXd> solver(jacobian);
  if (!solver.isInvertible()) {
    error = "learning sensitivity: the servo currents do not depend on the weights (singular Jacobian)";
    return;
  }
  // Newton's chord iterations to the equilibrium.
  constexpr int kIterations = 12;
  constexpr double kConverged = 2e-5;  // weight units: 1 % of an 8-bit step, about the DC solutions' precision
  for (int k = 0;; ++k) {
    const Eigen::VectorXd step = -solver.solve(at->servo_sum);
    targets += step;
    at = probe.evaluate(targets, error);
    if (!at) return;
    if (step.lpNorm<Eigen::Infinity>() < kConverged) break;
    if (k + 1 == kIterations) {
      error = fmt::format("learning sensitivity: no equilibrium after {} iterations (last step {:.3g})", kIterations,
                          step.lpNorm<Eigen::Infinity>());
      return;
    }
  }
  result.sensitivity_base.assign(at->readouts.data(), at->readouts.data() + n);

  for (const auto& device : devices) {
    circuit.shift_threshold(device.name, device.sigma_vth);
    std::string failed;
    std::optional<Evaluation> shifted = probe.evaluate(targets, failed);
    circuit.shift_threshold(device.name, 0);
    MismatchContribution c{device.name, device.w, device.l, device.sigma_vth, {}};
    if (shifted) {
      const Eigen::VectorXd move = -solver.solve(shifted->servo_sum - at->servo_sum);
      const Eigen::VectorXd change = shifted->readouts - at->readouts + readout_slope * move;
      c.deltas.assign(change.data(), change.data() + n);
    } else {
      c.deltas.assign(static_cast<std::size_t>(n), NAN);  // no DC solution with this device shifted
    }
    result.mismatch_contributions.push_back(std::move(c));
  }
}

}  // namespace logsgd

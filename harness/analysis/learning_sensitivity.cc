#include "learning_sensitivity.h"

#include "calibration.h"
#include "dc_continuation.h"
#include "spice_value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace logsgd {

std::vector<WeightedPoint> moment_matching_points(const Eigen::MatrixXd& z) {
  const Eigen::Index n = z.rows(), d = z.cols();
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

// Solves DC states: each sets the sources it names and puts every other source any state names
// back to its deck value. Restores them all when it goes. A circuit with more than one DC state
// (the trainer's read-out at zero current) can put a DC solve in one its servos do not hold: a servo
// current beyond `servo_limit` (0: unchecked) is solved once more from the deck's own state, then
// reached by a DC sweep from it or from a state held before (dc_continuation.h, as the calibration
// does), and if it is still beyond, the state has no solution here.
class StateSolver {
 public:
  StateSolver(DcCircuit& circuit, std::set<std::string> sources, const CalibrationRequest& calibration)
      : circuit_(circuit), calibration_(calibration) {
    for (const auto& source : sources) original_[source] = circuit.source(source);
  }
  ~StateSolver() {
    for (const auto& [source, value] : original_) circuit_.set_source(source, value);
  }
  StateSolver(const StateSolver&) = delete;
  StateSolver& operator=(const StateSolver&) = delete;

  // `servos`: how many of the outputs (the first) are servo currents.
  std::optional<std::vector<double>> solve(const std::map<std::string, double>& sources,
                                           const std::vector<std::string>& outputs, std::size_t servos,
                                           std::string& error) {
    const double limit = calibration_.servo_limit;
    auto held = [&](const std::vector<double>& values) {
      for (std::size_t i = 0; i < servos && i < values.size(); ++i)
        if (limit > 0 && !calibration_.servo_targets.count(outputs[i]) && !(std::fabs(values[i]) <= limit)) return false;
      return true;
    };
    std::optional<std::vector<double>> values = solve_once(sources, outputs, error);
    if (values && !held(*values)) {
      if (!solve_once({}, outputs, error)) return std::nullopt;  // the deck's own state first
      values = solve_once(sources, outputs, error);
      if (values && !held(*values)) values = swept_to(sources, outputs, error);
      if (values && !held(*values)) {
        error = "learning equilibrium: a DC state its servos do not hold (servo current beyond servo_limit), "
                "also when reached by a DC sweep";
        return std::nullopt;
      }
    }
    if (values) continuation_.remember_held(state_of(sources));
    return values;
  }

 private:
  // Every source this solver sets, at its value in the state `sources` describes.
  std::map<std::string, double> state_of(const std::map<std::string, double>& sources) const {
    std::map<std::string, double> state;
    for (const auto& [source, value] : original_) {
      auto own = sources.find(source);
      state[source] = own == sources.end() ? value : own->second;
    }
    return state;
  }

  // The state reached by a DC sweep from the deck's own state or from a state held before; nothing
  // when no sweep applies or it fails.
  std::optional<std::vector<double>> swept_to(const std::map<std::string, double>& sources,
                                              const std::vector<std::string>& outputs, std::string& error) {
    const std::map<std::string, double> state = state_of(sources);
    for (const auto& [source, value] : state) circuit_.set_source(source, value);  // the sweep moves one of them
    std::optional<std::string> failed = continuation_.reach(circuit_, state, original_);
    if (!failed || !failed->empty()) return std::nullopt;
    std::vector<double> values = circuit_.values(outputs, error);
    if (!error.empty()) {
      error = "learning sensitivity: " + error;
      return std::nullopt;
    }
    return values;
  }

  // A state that does not solve from scratch (ngspice's op after a warm solve diverged) is reached
  // by continuation, the learn clock swept up from rest.
  std::optional<std::vector<double>> solve_once(const std::map<std::string, double>& sources,
                                                const std::vector<std::string>& outputs, std::string& error) {
    const std::map<std::string, double> state = state_of(sources);
    for (const auto& [source, value] : state) circuit_.set_source(source, value);
    if (std::string failed = continuation_.solve_or_reach(circuit_, state, original_); !failed.empty()) {
      error = "learning equilibrium operating point: " + failed;
      return std::nullopt;
    }
    std::vector<double> values = circuit_.values(outputs, error);
    if (!error.empty()) {
      error = "learning sensitivity: " + error;
      return std::nullopt;
    }
    return values;
  }

  DcCircuit& circuit_;
  const CalibrationRequest& calibration_;
  std::map<std::string, double> original_;
  DcContinuation continuation_;
};

std::set<std::string> sources_named(const LearningSensitivityRequest& request, const CalibrationRequest& calibration) {
  std::set<std::string> sources(request.targets.begin(), request.targets.end());
  for (const auto& state : request.learn_states)
    for (const auto& [source, value] : state.sources) sources.insert(source);
  for (const auto& [source, value] : request.rest_state.sources) sources.insert(source);
  for (const auto& state : request.probe_states)
    for (const auto& [source, value] : state.sources) sources.insert(source);
  for (const auto& point : calibration.points)
    for (const auto& state : point)
      for (const auto& [source, value] : state.sources) sources.insert(source);
  for (const auto& [trim, servo] : calibration.trims) sources.insert(trim);
  return sources;
}

// The weighted servo sums over the learning and rest states with the weights held at `targets`,
// and the read-out in the rest state.
std::optional<Evaluation> evaluate(StateSolver& solver, const LearningSensitivityRequest& request,
                                   const std::map<std::string, double>& trims, const Eigen::VectorXd& targets,
                                   std::string& error) {
  const auto n = targets.size();
  Evaluation e{Eigen::VectorXd::Zero(n), Eigen::VectorXd::Zero(n)};
  auto visit = [&](const CalibrationState& state, bool rest) {
    std::map<std::string, double> sources = state.sources;
    sources.insert(trims.begin(), trims.end());
    for (Eigen::Index i = 0; i < n; ++i) sources[request.targets[static_cast<std::size_t>(i)]] = targets(i);
    std::vector<std::string> outputs = request.servos;
    const bool read_here = rest && !request.forward_readout();
    if (read_here) outputs.insert(outputs.end(), request.readouts.begin(), request.readouts.end());
    auto values = solver.solve(sources, outputs, request.servos.size(), error);
    if (!values) return false;
    for (Eigen::Index i = 0; i < n; ++i) e.servo_sum(i) += state.weight * (*values)[static_cast<std::size_t>(i)];
    if (read_here) e.readouts = Eigen::Map<const Eigen::VectorXd>(values->data() + n, n);
    return true;
  };
  for (const auto& state : request.learn_states)
    if (!visit(state, false)) return std::nullopt;
  if (!visit(request.rest_state, true)) return std::nullopt;
  if (request.forward_readout()) {
    // The forward path's response to each probe, the weights held where the servos put them.
    e.readouts = Eigen::Map<const Eigen::VectorXd>(request.probe_constants.data(), n);
    for (std::size_t p = 0; p < request.probe_states.size(); ++p) {
      std::map<std::string, double> sources = request.probe_states[p].sources;
      sources.insert(trims.begin(), trims.end());
      for (Eigen::Index i = 0; i < n; ++i) sources[request.targets[static_cast<std::size_t>(i)]] = targets(i);
      std::vector<std::string> outputs = request.servos;
      outputs.push_back(request.probe_vector);
      auto values = solver.solve(sources, outputs, request.servos.size(), error);
      if (!values) return std::nullopt;
      for (Eigen::Index i = 0; i < n; ++i)
        e.readouts(i) += request.probe_coefficients[static_cast<std::size_t>(i)][p] * values->back();
    }
  }
  return e;
}

// The power-up calibration's servo currents, stacked over its points (as the worker's calibration
// reads them: the deck's servo gain and targets), with the trims at `trims`.
std::optional<Eigen::VectorXd> calibration_servos(StateSolver& solver, const CalibrationRequest& calibration,
                                                  const std::map<std::string, double>& trims, std::string& error) {
  std::vector<std::string> servos;
  for (const auto& [trim, servo] : calibration.trims)
    if (std::find(servos.begin(), servos.end(), servo) == servos.end()) servos.push_back(servo);
  std::vector<CalibrationPoint> points = calibration.points;
  if (points.empty()) points.push_back({CalibrationState{}});
  std::map<std::map<std::string, double>, std::vector<double>> solved;
  Eigen::VectorXd stacked = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(points.size() * servos.size()));
  for (std::size_t p = 0; p < points.size(); ++p)
    for (const auto& state : points[p]) {
      auto known = solved.find(state.sources);
      if (known == solved.end()) {
        std::map<std::string, double> sources = state.sources;
        sources.insert(trims.begin(), trims.end());
        auto values = solver.solve(sources, servos, servos.size(), error);
        if (!values) return std::nullopt;
        known = solved.emplace(state.sources, *values).first;
      }
      for (std::size_t i = 0; i < servos.size(); ++i)
        stacked(static_cast<Eigen::Index>(p * servos.size() + i)) +=
            state.weight * calibration.deviation(servos[i], known->second[i]);
    }
  return stacked;
}

}  // namespace

void learning_sensitivity(DcCircuit& circuit, const LearningSensitivityRequest& request,
                          const CalibrationRequest& calibration, const std::vector<MismatchDevice>& devices,
                          SimResult& result, std::string& error) {
  const auto n = static_cast<Eigen::Index>(request.servos.size());
  if (request.targets.size() != request.servos.size() || request.readouts.size() != request.servos.size() ||
      request.initial.size() != request.servos.size()) {
    error = "learning sensitivity: one servo, target, read-out and initial value per weight";
    return;
  }
  if (request.forward_readout() &&
      (request.probe_constants.size() != request.servos.size() || request.probe_coefficients.size() != request.servos.size() ||
       std::any_of(request.probe_coefficients.begin(), request.probe_coefficients.end(),
                   [&](const auto& row) { return row.size() != request.probe_states.size(); }))) {
    error = "learning sensitivity: one probe coefficient per weight and probe";
    return;
  }
  StateSolver solver(circuit, sources_named(request, calibration), calibration);
  std::map<std::string, double> trims;  // as the calibration set them
  for (const auto& [trim, servo] : calibration.trims) trims[trim] = circuit.source(trim);
  Eigen::VectorXd targets = Eigen::Map<const Eigen::VectorXd>(request.initial.data(), n);
  std::optional<Evaluation> at = evaluate(solver, request, trims, targets, error);
  if (!at) return;

  // Jacobians of the servo sums (J) and of the read-out (R) against the targets, by finite
  // differences; the servo sums are close to linear in the weights, so J is computed once.
  constexpr double kStep = 0.02;  // weight units
  Eigen::MatrixXd jacobian(n, n), readout_slope(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    Eigen::VectorXd moved = targets;
    moved(j) += kStep;
    std::optional<Evaluation> e = evaluate(solver, request, trims, moved, error);
    if (!e) return;
    jacobian.col(j) = (e->servo_sum - at->servo_sum) / kStep;
    readout_slope.col(j) = (e->readouts - at->readouts) / kStep;
  }
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(jacobian);
  if (!lu.isInvertible()) {
    error = "learning sensitivity: the servo currents do not depend on the weights (singular Jacobian)";
    return;
  }
  // Newton's chord iterations to the equilibrium.
  constexpr int kIterations = 12;
  constexpr double kConverged = 2e-5;  // weight units: 1 % of an 8-bit step, about the DC solutions' precision
  for (int k = 0;; ++k) {
    const Eigen::VectorXd step = -lu.solve(at->servo_sum);
    targets += step;
    at = evaluate(solver, request, trims, targets, error);
    if (!at) return;
    if (step.lpNorm<Eigen::Infinity>() < kConverged) break;
    if (k + 1 == kIterations) {
      error = fmt::format("learning sensitivity: no equilibrium after {} iterations (last step {:.3g})", kIterations,
                          step.lpNorm<Eigen::Infinity>());
      return;
    }
  }
  result.sensitivity_base.assign(at->readouts.data(), at->readouts.data() + n);

  // Each die is calibrated on its own draw: a device's shift also moves the calibration's servo
  // currents, and the trims that null them (least squares, unquantised) move the equilibrium and
  // the read-out. Their responses to each trim are taken once, at the nominal die.
  const bool recalibrated = calibration.enabled();
  Eigen::VectorXd calibration_base;
  std::vector<std::vector<double>> trim_columns;  // calibration servos per ampere of each trim
  Eigen::MatrixXd trim_servo(n, static_cast<Eigen::Index>(calibration.trims.size()));
  Eigen::MatrixXd trim_readout(n, static_cast<Eigen::Index>(calibration.trims.size()));
  if (recalibrated) {
    auto base = calibration_servos(solver, calibration, trims, error);
    if (!base) return;
    calibration_base = *base;
    for (std::size_t k = 0; k < calibration.trims.size(); ++k) {
      const std::string& trim = calibration.trims[k].first;
      const double step = calibration.full_scale_of(trim) / 16;
      std::map<std::string, double> moved = trims;
      moved[trim] += step;
      auto servos = calibration_servos(solver, calibration, moved, error);
      std::optional<Evaluation> e = servos ? evaluate(solver, request, moved, targets, error) : std::nullopt;
      if (!e) return;
      const Eigen::VectorXd column = (*servos - calibration_base) / step;
      trim_columns.emplace_back(column.data(), column.data() + column.size());
      trim_servo.col(static_cast<Eigen::Index>(k)) = (e->servo_sum - at->servo_sum) / step;
      trim_readout.col(static_cast<Eigen::Index>(k)) = (e->readouts - at->readouts) / step;
    }
  }

  for (const auto& device : devices) {
    circuit.shift_threshold(device.name, device.sigma_vth);
    std::string failed;
    std::optional<Evaluation> shifted = evaluate(solver, request, trims, targets, failed);
    std::optional<Eigen::VectorXd> calibration_shifted;
    if (shifted && recalibrated) calibration_shifted = calibration_servos(solver, calibration, trims, failed);
    circuit.shift_threshold(device.name, 0);
    MismatchContribution c{device.name, device.w, device.l, device.sigma_vth, {}};
    if (shifted && (!recalibrated || calibration_shifted)) {
      Eigen::VectorXd servo_change = shifted->servo_sum - at->servo_sum;
      Eigen::VectorXd readout_change = shifted->readouts - at->readouts;
      if (recalibrated) {
        const Eigen::VectorXd residual = *calibration_shifted - calibration_base;
        const std::vector<double> retrim =
            solve_trims(std::vector<double>(residual.data(), residual.data() + residual.size()), trim_columns);
        const Eigen::VectorXd t = Eigen::Map<const Eigen::VectorXd>(retrim.data(), static_cast<Eigen::Index>(retrim.size()));
        servo_change += trim_servo * t;
        readout_change += trim_readout * t;
      }
      const Eigen::VectorXd change = readout_change - readout_slope * lu.solve(servo_change);
      c.deltas.assign(change.data(), change.data() + n);
    } else {
      c.deltas.assign(static_cast<std::size_t>(n), NAN);  // no DC solution with this device shifted
    }
    result.mismatch_contributions.push_back(std::move(c));
  }
}

void learning_sensitivity(DcCircuit& circuit, const LearningSensitivityRequest& analysis,
                          const CalibrationRequest& calibration, SimResult& result, std::string& error) {
  for (const auto& name : analysis.targets)
    if (!is_safe_identifier(name)) {
      error = fmt::format("learning sensitivity: invalid source '{}'", name);
      return;
    }
  for (const auto* list : {&analysis.servos, &analysis.readouts})
    for (const auto& name : *list)
      if (!is_plain_vector_name(name)) {
        error = fmt::format("learning sensitivity: invalid value '{}'", name);
        return;
      }
  for (const auto& [source, value] : analysis.rest_state.sources)
    if (!is_safe_identifier(source)) error = fmt::format("learning sensitivity: invalid source '{}'", source);
  for (const auto* states : {&analysis.learn_states, &analysis.probe_states})
    for (const auto& state : *states)
      for (const auto& [source, value] : state.sources)
        if (!is_safe_identifier(source)) error = fmt::format("learning sensitivity: invalid source '{}'", source);
  if (analysis.forward_readout() && !is_plain_vector_name(analysis.probe_vector) &&
      !is_device_parameter_vector(analysis.probe_vector))
    error = fmt::format("learning sensitivity: invalid probe vector '{}'", analysis.probe_vector);
  if (!error.empty()) return;
  if (std::string failed = circuit.solve(); !failed.empty()) {  // the MOSFET list needs a circuit set up
    error = "learning sensitivity, operating point: " + failed;
    return;
  }
  learning_sensitivity(circuit, analysis, calibration,
                       mismatch_devices(circuit.mosfets(), analysis.vth_sigma_um, analysis.device_prefixes), result,
                       error);
}

}  // namespace logsgd

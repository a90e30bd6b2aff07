#include "trainer_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace logsgd {

namespace {

double prediction_mse(const Dataset& data, const SgdrReference& reference, const Eigen::VectorXd& w) {
  double sum = 0;
  for (int s = 0; s < data.samples(); ++s) {
    double y_hat = reference.input(s).dot(w);
    sum += (data.y(s) - y_hat) * (data.y(s) - y_hat);
  }
  return sum / data.samples();
}

}  // namespace

void set_final_weights(TrainerMetrics& m, const Eigen::VectorXd& final_circuit, const Eigen::VectorXd& final_ideal,
                       const SgdrReference& reference, const Dataset& data, double lambda, double w_full_scale) {
  const double n = static_cast<double>(final_circuit.size());
  Eigen::VectorXd ridge = ridge_solution(data, lambda, reference.schedule().bias, reference.schedule().bias_input);
  const Eigen::VectorXd final_error = final_circuit - final_ideal;
  m.final_error.assign(final_error.data(), final_error.data() + final_error.size());
  m.final_rms_vs_ideal = std::sqrt(final_error.squaredNorm() / n);
  m.final_rms_vs_ridge = std::sqrt((final_circuit - ridge).squaredNorm() / n);
  m.effective_bits = std::log2(w_full_scale / (std::sqrt(12.0) * std::max(m.final_rms_vs_ideal, 1e-300)));
  m.prediction_mse = prediction_mse(data, reference, final_circuit);
  m.ideal_prediction_mse = prediction_mse(data, reference, final_ideal);
}

double window_mean(const std::vector<double>& time, const std::vector<double>& values, double from, double to) {
  if (time.size() != values.size() || time.size() < 2) throw std::runtime_error("the signal has no time points");
  // (a signal may stop a few per cent of the window short of its end: the last sample's edge)
  if (time.front() > from || time.back() < to - 0.05 * (to - from)) throw std::runtime_error("the signal does not cover the window");
  // Uniform points across the window (the simulator's time steps crowd at the data edges).
  constexpr int kPoints = 32;
  double sum = 0;
  for (int p = 0; p < kPoints; ++p) {
    const double t = from + (p + 0.5) * (to - from) / kPoints;
    auto upper = std::lower_bound(time.begin(), time.end(), t);
    std::size_t k = std::clamp<std::size_t>(static_cast<std::size_t>(upper - time.begin()), 1, time.size() - 1);
    const double f = (t - time[k - 1]) / (time[k] - time[k - 1]);
    sum += values[k - 1] + f * (values[k] - values[k - 1]);
  }
  return sum / kPoints;
}

std::vector<ForwardProbe> forward_probe_sequence(int features, bool bias, bool chopped) {
  std::vector<ForwardProbe> sequence;
  for (int f = 0; f < features; ++f)
    for (double s : {1.0, -1.0, -1.0, 1.0}) sequence.push_back({f, s, 1.0, f, s});
  if (bias && chopped)
    for (double s : {1.0, -1.0, -1.0, 1.0}) sequence.push_back({-1, 0.0, s, features, s});
  if (bias && !chopped) sequence.push_back({-1, 0.0, 1.0, features, 1.0});
  return sequence;
}

ForwardReadResult forward_readout(const std::vector<double>& time, const std::vector<double>& error,
                                  const ForwardProbes& probes) {
  const std::vector<ForwardProbe> sequence = forward_probe_sequence(probes.features, probes.bias, probes.chopped);
  const Eigen::Index weights = probes.features + (probes.bias ? 1 : 0);
  ForwardReadResult read;
  read.weights = Eigen::VectorXd::Zero(weights);
  read.times = Eigen::VectorXd::Zero(weights);
  Eigen::VectorXd count = Eigen::VectorXd::Zero(weights);
  int offset_probes = 0;
  for (std::size_t j = 0; j < sequence.size(); ++j) {
    // y = 0 during the probes, so the prediction is y_hat = -e; each probe is read at its end (the
    // forward path settles after its data edge).
    const double end = probes.start + static_cast<double>(j + 1) * probes.duration;
    const double y_hat = -window_mean(time, error, end - probes.window, end);
    const ForwardProbe& p = sequence[j];
    read.weights(p.weight) += p.coefficient * y_hat / (p.feature >= 0 ? probes.amplitude : probes.bias_input);
    read.times(p.weight) += end - 0.5 * probes.window;
    count(p.weight) += 1;
    if (p.feature < 0 && probes.chopped) {
      read.offset += y_hat;
      ++offset_probes;
    }
  }
  read.weights = read.weights.cwiseQuotient(count);
  read.times = read.times.cwiseQuotient(count);  // the windows' mean time: where a linear drift is read
  if (offset_probes > 0) read.offset /= offset_probes;
  return read;
}

TrainerMetrics trainer_metrics(const WeightTrajectories& circuit, const SgdrReference& reference, const Dataset& data,
                               double lambda, double w_full_scale, double t_start, double t_end, double t_read) {
  const std::size_t n = circuit.weights.size();
  if (n != static_cast<std::size_t>(reference.weights()))
    throw std::runtime_error("the circuit and the reference have different numbers of weights");
  if (circuit.time.size() < 2 || !(t_end > t_start)) throw std::runtime_error("no training window");
  if (t_read < t_end) throw std::runtime_error("the final weights are read before the training ends");

  // Time-weighted average of the squared error over the window (trapezoid rule).
  auto squared_error = [&](std::size_t k) {
    Eigen::VectorXd ideal = reference.at(circuit.time[k]);
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += std::pow(circuit.weights[i][k] - ideal(static_cast<Eigen::Index>(i)), 2);
    return sum;
  };
  double integral = 0, covered = 0;
  double previous_error = 0;
  bool have_previous = false;
  for (std::size_t k = 0; k < circuit.time.size(); ++k) {
    double t = circuit.time[k];
    if (t < t_start || t > t_end) {
      have_previous = false;
      continue;
    }
    double error = squared_error(k);
    if (have_previous) {
      double dt = t - circuit.time[k - 1];
      integral += 0.5 * (error + previous_error) * dt;
      covered += dt;
    }
    previous_error = error;
    have_previous = true;
  }
  if (!(covered > 0)) throw std::runtime_error("the simulation has no time points inside the training window");

  TrainerMetrics m;
  m.nmse_percent = 100 * integral / covered / (static_cast<double>(n) * w_full_scale * w_full_scale);

  // Final weights: the circuit's last point up to the read-out time against the reference there
  // (after the training, the reference's weights decay by the regularisation alone).
  std::size_t last = 0;
  for (std::size_t k = 0; k < circuit.time.size(); ++k)
    if (circuit.time[k] <= t_read) last = k;
  Eigen::VectorXd final_circuit(n);
  for (std::size_t i = 0; i < n; ++i) final_circuit(static_cast<Eigen::Index>(i)) = circuit.weights[i][last];
  set_final_weights(m, final_circuit, reference.at(circuit.time[last]), reference, data, lambda, w_full_scale);
  return m;
}

InSituError in_situ_error(const std::vector<double>& time, const std::vector<double>& error,
                          const SgdrReference& reference, const Dataset& data, double start_time, double sample_time,
                          int epochs) {
  if (time.size() != error.size() || time.size() < 2) throw std::runtime_error("the error signal has no time points");
  const int samples = data.samples();
  const double last_epoch = start_time + sample_time * samples * (epochs - 1);
  if (time.back() < last_epoch + sample_time * (samples - 0.01)) throw std::runtime_error("the simulation ends before the last epoch");
  InSituError result;
  for (int s = 0; s < samples; ++s) {
    const double from = last_epoch + (s + 0.5) * sample_time;
    const double chip = window_mean(time, error, from, from + sample_time / 2);
    double ideal = 0;
    constexpr int kPoints = 32;
    for (int p = 0; p < kPoints; ++p) {
      const double t = from + (p + 0.5) * sample_time / 2 / kPoints;
      ideal += (data.y(s) - reference.input(s).dot(reference.at(t))) / kPoints;
    }
    result.chip_mse += chip * chip / samples;
    result.ideal_mse += ideal * ideal / samples;
  }
  return result;
}

}  // namespace logsgd

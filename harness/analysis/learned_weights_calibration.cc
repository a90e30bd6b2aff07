#include "learned_weights_calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "calibration.h"

namespace logsgd {

double time_average(const std::vector<double>& time, const std::vector<double>& value, double from, double to) {
  if (time.size() < 2 || time.size() != value.size() || !(to > from) || time.front() > from || time.back() < to)
    return std::numeric_limits<double>::quiet_NaN();
  auto at = [&](std::size_t k, double t) {  // value at t within [time[k], time[k+1]]
    const double span = time[k + 1] - time[k];
    return span > 0 ? value[k] + (t - time[k]) / span * (value[k + 1] - value[k]) : value[k];
  };
  double area = 0;
  for (std::size_t k = 0; k + 1 < time.size(); ++k) {
    const double a = std::max(time[k], from), b = std::min(time[k + 1], to);
    if (b > a) area += 0.5 * (at(k, a) + at(k, b)) * (b - a);
  }
  return area / (to - from);
}

void calibrate_at_learned_weights(TransientCircuit& circuit, const LearnedWeightsCalibrationRequest& request,
                                 const CalibrationRequest& calibration, SimResult& result, std::string& error) {
  auto fail = [&](const std::string& what) {
    error = "calibration at the learned weights: " + what;
  };
  // The first pass: the deck's own training transient, the weights read with learning stopped.
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto start = Clock::now();
  std::vector<std::string> reads;
  for (const auto& weight : request.weights) reads.push_back(weight.read);
  const std::string first_pass_failed = circuit.transient("", reads);
  result.timing.first_pass_s = seconds_since(start);
  if (!first_pass_failed.empty()) return fail("first pass: " + first_pass_failed);
  std::vector<double> time = circuit.transient_vector("time", error);
  result.first_pass_weights.clear();
  for (const auto& weight : request.weights) {
    if (!error.empty()) break;
    const std::vector<double> trace = circuit.transient_vector(weight.read, error);
    const double read = time_average(time, trace, request.read_from, request.read_to);
    if (error.empty() && !std::isfinite(read))
      return fail(fmt::format("first pass: '{}' has no samples at the read-out", weight.read));
    result.first_pass_weights.push_back(read);
  }
  if (!error.empty()) return fail(error);
  circuit.discard_results();

  // The clocked transient: every weight held at what it learned, the data's inputs with the
  // targets those weights predict.
  std::map<std::string, double> saved{{request.mode, circuit.source(request.mode)}};
  for (const auto& weight : request.weights) saved[weight.target] = circuit.source(weight.target);
  circuit.set_source(request.mode, 1);
  for (std::size_t i = 0; i < request.weights.size(); ++i)
    circuit.set_source(request.weights[i].target, result.first_pass_weights[i]);
  std::vector<std::string> servos;
  for (const auto& weight : request.weights) servos.push_back(weight.servo);
  start = Clock::now();
  std::string failed = circuit.transient(
      fmt::format("{:.9g} {:.9g} 0 {:.9g}", request.step, request.average_to, request.max_step), servos);
  result.timing.clocked_s = seconds_since(start);
  result.learned_point_servo.clear();
  if (failed.empty()) {
    time = circuit.transient_vector("time", error);
    for (const auto& weight : request.weights) {
      if (!error.empty()) break;
      const double mean = time_average(time, circuit.transient_vector(weight.servo, error), request.average_from,
                                      request.average_to);
      if (error.empty() && !std::isfinite(mean)) error = fmt::format("'{}' does not cover the window", weight.servo);
      result.learned_point_servo.push_back(mean);
    }
  }
  for (const auto& [source, value] : saved) circuit.set_source(source, value);
  circuit.discard_results();
  if (!failed.empty()) return fail("clocked transient: " + failed);
  if (!error.empty()) return fail(error);

  // Each storage-node trim takes over its servo's mean current, at its DAC's level.
  for (std::size_t i = 0; i < request.weights.size(); ++i) {
    const auto& weight = request.weights[i];
    const double mean = result.learned_point_servo[i];
    const double limit = calibration.servo_limit;
    if (limit > 0 && !(std::fabs(mean) <= limit))
      return fail(fmt::format("servo {} supplies {:.4g} A on average, beyond servo_limit {:.4g} A: the weight is not "
                              "held at {:.4f}",
                              weight.servo, mean, limit, result.first_pass_weights[i]));
    auto trim = std::find_if(result.trims.begin(), result.trims.end(),
                             [&](const TrimResult& t) { return t.source == weight.trim; });
    if (trim == result.trims.end()) return fail(fmt::format("'{}' is not a trim of the power-up calibration", weight.trim));
    const TrimLevel level = quantise_trim(trim->applied + mean, calibration.full_scale_of(weight.trim),
                                             calibration.bits_of(weight.trim));
    trim->wanted = trim->applied + mean;
    trim->applied = level.value;
    trim->saturated = trim->saturated || level.saturated;
    circuit.set_source(weight.trim, level.value);
  }
}

}  // namespace logsgd

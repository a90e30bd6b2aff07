#include "calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "calibration.h"
#include "dc_continuation.h"
#include "spice_value.h"

namespace logsgd {

namespace {

// Reads the servo currents of one calibration, state by state; remembers the states whose servos
// held, from which a later state can be reached by continuation.
class ServoReader {
 public:
  ServoReader(DcCircuit& circuit, const CalibrationRequest& calibration, std::vector<std::string> servos)
      : circuit_(circuit), calibration_(calibration), servos_(std::move(servos)) {}

  // The servos' DC currents, stacked over the calibration points (one point: the deck as it is);
  // a point's currents are the weighted sum over its states, each state solved once.
  std::vector<double> stacked(std::string& error) {
    std::vector<CalibrationPoint> points = calibration_.points;
    if (points.empty()) points.push_back({CalibrationState{}});
    std::map<std::map<std::string, double>, std::vector<double>> solved;  // by a state's sources
    std::vector<double> currents;
    for (const auto& point : points) {
      std::vector<double> sum(servos_.size(), 0.0);
      for (const auto& state : point) {
        auto known = solved.find(state.sources);
        if (known == solved.end()) {
          known = solved.emplace(state.sources, in_state(state.sources, error)).first;
          if (!error.empty()) return {};
        }
        for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += state.weight * known->second[i];
      }
      currents.insert(currents.end(), sum.begin(), sum.end());
    }
    return currents;
  }

 private:
  // The servos' DC currents with the given voltage sources set for the solve; the sources are
  // restored afterwards. A servo current beyond servo_limit (if set) means `op` found another DC
  // state of the circuit: the state is then reached by continuation.
  std::vector<double> in_state(const std::map<std::string, double>& sources, std::string& error) {
    const double limit = calibration_.servo_limit;
    std::map<std::string, double> saved;
    for (const auto& [source, value] : sources) {
      saved[source] = circuit_.source(source);
      circuit_.set_source(source, value);
    }
    // Only the servos that hold a state (no target) tell a wrong DC state; a device current nulled
    // to its target may deviate by as much as its trim's range.
    auto beyond_limit = [&](const std::vector<double>& currents) {
      for (std::size_t i = 0; i < currents.size() && i < servos_.size(); ++i)
        if (limit > 0 && !calibration_.servo_targets.count(servos_[i]) && !(std::fabs(currents[i]) <= limit))
          return currents.begin() + static_cast<std::ptrdiff_t>(i);
      return currents.end();
    };
    std::string failed = circuit_.solve();
    std::vector<double> currents;
    if (failed.empty()) currents = read(error);
    bool swept = false;
    if (failed.empty() && error.empty() && beyond_limit(currents) != currents.end()) {
      if (std::optional<std::string> sweep_failed = continuation_.reach(circuit_, sources, saved)) {
        swept = true;
        failed = *sweep_failed;
        if (failed.empty()) currents = read(error);
      }
    }
    if (failed.empty() && error.empty() && beyond_limit(currents) == currents.end()) continuation_.remember_held(sources);
    for (const auto& [source, value] : saved) circuit_.set_source(source, value);
    if (!failed.empty()) {
      error = "calibration operating point: " + failed;
      return {};
    }
    if (!error.empty()) return {};
    if (auto beyond = beyond_limit(currents); beyond != currents.end()) {
      std::string state;
      for (const auto& [source, value] : sources) state += fmt::format(" {}={:g}", source, value);
      error = fmt::format("calibration state{}: servo {} supplies {:.4g} A, beyond servo_limit {:.4g} A{}: the circuit "
                          "is not in the state its servo holds",
                          state.empty() ? " (the deck's)" : state, servos_[static_cast<std::size_t>(beyond - currents.begin())],
                          *beyond, limit, swept ? ", also when reached by a DC sweep from the deck's state" : "");
      return {};
    }
    return currents;
  }

  // What each servo reads less its target (a device current nulled to a reference value).
  std::vector<double> read(std::string& error) {
    std::vector<double> values = circuit_.values(servos_, error);
    if (!error.empty()) error = "calibration: " + error;
    for (std::size_t i = 0; i < values.size() && i < servos_.size(); ++i)
      values[i] = calibration_.deviation(servos_[i], values[i]);
    return values;
  }

  DcCircuit& circuit_;
  const CalibrationRequest& calibration_;
  const std::vector<std::string> servos_;  // each servo once, in the order of the trims naming it
  DcContinuation continuation_;
};

}  // namespace

void calibrate(DcCircuit& circuit, const CalibrationRequest& calibration, std::vector<TrimResult>& trims,
               std::string& error) {
  for (const auto& [source, servo] : calibration.trims)
    if (!is_safe_identifier(source) || !(is_plain_vector_name(servo) || is_device_parameter_vector(servo))) {
      error = fmt::format("calibration: invalid trim '{}' or servo '{}'", source, servo);
      return;
    }
  for (const auto& point : calibration.points)
    for (const auto& state : point)
      for (const auto& [source, value] : state.sources)
        if (!is_safe_identifier(source)) {
          error = fmt::format("calibration: invalid source '{}'", source);
          return;
        }
  std::vector<std::string> servos;
  for (const auto& trim : calibration.trims)
    if (std::find(servos.begin(), servos.end(), trim.second) == servos.end()) servos.push_back(trim.second);
  ServoReader reader(circuit, calibration, servos);
  std::vector<double> wanted;
  if (calibration.points.empty()) {
    // One point: each trim takes what its own servo supplies.
    std::vector<double> currents = reader.stacked(error);
    if (!error.empty()) return;
    for (const auto& trim : calibration.trims)
      wanted.push_back(currents[static_cast<std::size_t>(std::find(servos.begin(), servos.end(), trim.second) - servos.begin())]);
  } else {
    // Several points: the servo currents' response to each trim in turn, then least squares.
    const std::vector<double> base = reader.stacked(error);
    if (!error.empty()) return;
    std::vector<std::vector<double>> columns;
    for (const auto& trim : calibration.trims) {
      const double step = calibration.full_scale_of(trim.first) / 16;
      const double initial = circuit.source(trim.first);
      circuit.set_source(trim.first, initial + step);
      std::vector<double> moved = reader.stacked(error);
      circuit.set_source(trim.first, initial);
      if (!error.empty()) return;
      std::vector<double> column;
      for (std::size_t i = 0; i < base.size(); ++i) column.push_back((moved[i] - base[i]) / step);
      columns.push_back(column);
    }
    wanted = solve_trims(base, columns);
  }
  for (std::size_t k = 0; k < calibration.trims.size(); ++k) {
    const std::string& source = calibration.trims[k].first;
    TrimLevel level = quantise_trim(wanted[k], calibration.full_scale_of(source), calibration.bits);
    circuit.set_source(source, level.value);
    trims.push_back({source, wanted[k], level.value, level.saturated});
  }
}

}  // namespace logsgd

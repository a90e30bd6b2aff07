#include "calibrate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "calibration.h"
#include "dc_continuation.h"
#include "spice_value.h"

namespace logsgd {

namespace {

// Least-squares steps after the first before a calibration gives up refining (each costs one DC
// solve per calibration state).
constexpr int kMaxCalibrationIterations = 6;
// How many times the servos' response to the trims is measured: at zero trims, then again at the
// trims the first solve found. A die's trims reach tens of % of I_u, where the response differs
// from the one at zero: on a binned Monte Carlo die of the N = 1 trainer the chord iteration's
// steps shrank by only 0.55 each, leaving a weight's servo 3-5 pA off after 6 of them
// (w1 +0.021); from the response re-measured at the first solve's trims they settle in a few.
constexpr int kResponseMeasurements = 2;

// Reads the servo currents of one calibration, state by state; remembers the states whose servos
// held, from which a later state can be reached by continuation.
// Each DC solve starts from the one before (DcCircuit::solve), which is cheap when the two differ
// in a trim and dear when they differ in the learn clock. So the distinct states are solved in
// the order they first appear in the points, a pass at a time, every other pass backwards: a
// calibration's states change mode only where its points do, and a pass starts where the last
// one ended.
class ServoReader {
 public:
  using StateCurrents = std::vector<std::vector<double>>;  // per distinct state, the servos' currents

  ServoReader(DcCircuit& circuit, const CalibrationRequest& calibration, std::vector<std::string> servos)
      : circuit_(circuit), calibration_(calibration), servos_(std::move(servos)) {
    points_ = calibration_.points;
    if (points_.empty()) points_.push_back({CalibrationState{}});  // one point: the deck as it is
    for (const auto& point : points_) {
      std::vector<std::size_t> indices;
      for (const auto& state : point) {
        auto known = std::find(states_.begin(), states_.end(), state.sources);
        indices.push_back(static_cast<std::size_t>(known - states_.begin()));
        if (known == states_.end()) states_.push_back(state.sources);
      }
      point_states_.push_back(indices);
    }
    // The servos each state is read for: those with a trim solved at a point holding it.
    state_servos_.assign(states_.size(), std::vector<bool>(servos_.size(), false));
    for (const auto& [source, servo] : calibration_.trims) {
      const auto i = static_cast<std::size_t>(std::find(servos_.begin(), servos_.end(), servo) - servos_.begin());
      auto own = calibration_.trim_points.find(source);
      for (std::size_t p = 0; p < points_.size(); ++p)
        if (own == calibration_.trim_points.end() || std::find(own->second.begin(), own->second.end(), p) != own->second.end())
          for (std::size_t s : point_states_[p]) state_servos_[s][i] = true;
    }
  }

  // Comparator decisions so far (successive approximation; every detector decides at once).
  int decisions() const { return decisions_; }

  std::size_t state_count() const { return states_.size(); }
  // Whether point p holds distinct state s.
  bool point_holds(std::size_t point, std::size_t state) const {
    const auto& indices = point_states_[point];
    return std::find(indices.begin(), indices.end(), state) != indices.end();
  }

  // The servos' currents at distinct state s with the trims as they are now.
  std::vector<double> at_state(std::size_t state, std::string& error) {
    return in_state(states_[state], state_servos_[state], error);
  }

  // The servos' DC currents, stacked over the calibration points; a point's currents are the
  // weighted sum over its states. With `wanted`, only those points are solved (the others read 0).
  std::vector<double> stacked(std::string& error, const std::vector<bool>* wanted = nullptr) {
    std::vector<bool> needed(states_.size(), false);
    for (std::size_t p = 0; p < points_.size(); ++p)
      if (!wanted || (*wanted)[p])
        for (std::size_t s : point_states_[p]) needed[s] = true;
    StateCurrents currents(states_.size());
    for (std::size_t n = 0; n < states_.size(); ++n) {
      const std::size_t s = state_in_pass(n);
      if (!needed[s]) continue;
      currents[s] = at_state(s, error);
      if (!error.empty()) return {};
    }
    end_pass();
    return stack(currents, wanted);
  }

  // Point by point, the weighted sum of its states' currents (0 where not `wanted`).
  std::vector<double> stack(const StateCurrents& currents, const std::vector<bool>* wanted = nullptr) const {
    std::vector<double> stacked;
    for (std::size_t p = 0; p < points_.size(); ++p) {
      std::vector<double> sum(servos_.size(), 0.0);
      if (!wanted || (*wanted)[p])
        for (std::size_t k = 0; k < points_[p].size(); ++k)
          for (std::size_t i = 0; i < sum.size(); ++i)
            sum[i] += points_[p][k].weight * currents[point_states_[p][k]][i];
      stacked.insert(stacked.end(), sum.begin(), sum.end());
    }
    return stacked;
  }

  // The n-th distinct state of a pass over them all: a pass runs the other way from the one
  // before, so that it starts where that one ended.
  std::size_t state_in_pass(std::size_t n) const { return backwards_ ? states_.size() - 1 - n : n; }
  void end_pass() { backwards_ = !backwards_; }

 private:
  // The servos' DC currents with the given voltage sources set for the solve; the sources are
  // restored afterwards. A servo current beyond servo_limit (if set) means the solve found another DC
  // state of the circuit: the state is then reached by continuation.
  std::vector<double> in_state(const std::map<std::string, double>& sources, const std::vector<bool>& wanted,
                               std::string& error) {
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
    // A state the solver cannot reach from scratch (ngspice's op, after a warm solve diverged) may
    // still be reached by continuation from one it holds (the learn clock or a weight swept to it),
    // with whatever else is set now (a ruler at a search's probe code).
    bool swept = false;
    auto solve_or_reach = [&] { return continuation_.solve_or_reach(circuit_, sources, saved, &swept); };
    std::string failed = solve_or_reach();
    std::vector<double> currents;
    if (failed.empty()) currents = read(wanted, failed, error, solve_or_reach);
    if (failed.empty() && error.empty() && beyond_limit(currents) != currents.end()) {
      if (std::optional<std::string> sweep_failed = continuation_.reach(circuit_, sources, saved)) {
        swept = true;
        failed = *sweep_failed;
        if (failed.empty()) currents = read(wanted, failed, error, solve_or_reach);
      }
    }
    if (failed.empty() && error.empty() && beyond_limit(currents) == currents.end()) continuation_.remember_held(sources);
    for (const auto& [source, value] : saved) circuit_.set_source(source, value);
    std::string state;
    for (const auto& [source, value] : sources) state += fmt::format(" {}={:g}", source, value);
    if (state.empty()) state = " (the deck's)";
    if (!failed.empty()) {
      error = fmt::format("calibration operating point, state{}: {}", state, failed);
      return {};
    }
    if (!error.empty()) return {};
    if (auto beyond = beyond_limit(currents); beyond != currents.end()) {
      error = fmt::format("calibration state{}: servo {} supplies {:.4g} A, beyond servo_limit {:.4g} A{}: the circuit "
                          "is not in the state its servo holds",
                          state, servos_[static_cast<std::size_t>(beyond - currents.begin())],
                          *beyond, limit, swept ? ", also when reached by a DC sweep from the deck's state" : "");
      return {};
    }
    return currents;
  }

  // What each servo reads less its target (a device current nulled to a reference value), at the
  // state just solved: read from the simulator (least squares), or measured from its detector's
  // decisions (successive approximation), then only for the `wanted` servos (the others read 0).
  // `solve` solves the state with the sources as they are set now.
  std::vector<double> read(const std::vector<bool>& wanted, std::string& failed, std::string& error,
                           const std::function<std::string()>& solve) {
    if (calibration_.from_decisions()) return measure(wanted, failed, error, solve);
    std::vector<double> values = circuit_.values(servos_, error);
    if (!error.empty()) error = "calibration: " + error;
    for (std::size_t i = 0; i < values.size() && i < servos_.size(); ++i)
      values[i] = calibration_.deviation(servos_[i], values[i]);
    return values;
  }

  // Successive approximation on the wanted servos' rulers at once (calibration.h), one decision
  // per bit. The search ends on the highest ruler code at which the servo's current is still
  // positive (the ruler has not yet taken it all), or on the lowest code if there is none; the
  // servo's current at the ruler's own level was then that code less the level, to within one
  // LSB (the middle of the LSB is taken). The decision falls monotonically with the code, so
  // that code is the one whose decision is "positive" while the next one's is not: the harness
  // finds it by asking the circuit those decisions near where the state just solved puts it
  // (a few DC solves, widening and then halving the bracket if the guess was off), not by
  // replaying the search's 16 solves. The decision count (`bits` per reading) is the search's,
  // and so is the outcome for one detector; with several deciding at once a decision also sees
  // the other rulers, which sit at other codes than in a replay (on the trainer's Monte Carlo
  // dies: trims 1-8 LSB apart, identical on the nominal die). Only the wanted servos search: another detector's ruler would move
  // what they measure (the sum node's trim moves e, and with it every weight's update while
  // learning). A search ending at either end of the DAC's range has saturated and reads twice
  // the range, which servo_limit sees as a state the servo does not hold.
  std::vector<double> measure(const std::vector<bool>& wanted, std::string& failed, std::string& error,
                              const std::function<std::string()>& solve) {
    struct Search {
      std::string ruler;
      double level = 0, lsb = 0;
      long half = 0;           // codes run from -half to half - 1 (levels code * lsb)
      long positive = 0;       // the highest code known to decide "positive" (-half: none yet)
      long negative = 0;       // the lowest code known to decide "not positive" (half: none yet)
      long step = 1, probe = 0;
      bool done() const { return negative - positive <= 1; }
    };
    std::vector<double> now = circuit_.values(servos_, error);
    if (!error.empty()) {
      error = "calibration: " + error;
      return {};
    }
    std::vector<Search> searches(servos_.size());
    for (std::size_t i = 0; i < servos_.size(); ++i) {
      if (!wanted[i]) continue;
      Search& search = searches[i];
      search.ruler = calibration_.rulers.at(servos_[i]);
      search.level = circuit_.source(search.ruler);
      search.half = 1L << (calibration_.bits_of(search.ruler) - 1);
      search.lsb = calibration_.full_scale_of(search.ruler) / static_cast<double>(search.half);
      search.positive = -search.half;
      search.negative = search.half;
      // The ruler takes the servo's current one for one: the code where the decision turns.
      const double guess = std::floor((search.level + calibration_.deviation(servos_[i], now[i])) / search.lsb);
      search.probe = static_cast<long>(std::clamp(guess, static_cast<double>(1 - search.half), static_cast<double>(search.half - 1)));
    }
    auto next_probe = [](Search& search) {
      if (search.positive > -search.half && search.negative < search.half)
        search.probe = search.positive + (search.negative - search.positive) / 2;
      else if (search.negative == search.half)
        search.probe = std::min(search.positive + search.step, search.half - 1);
      else
        search.probe = std::max(search.negative - search.step, 1 - search.half);
      search.step *= 2;
    };
    bool pending = true;
    while (pending && failed.empty() && error.empty()) {
      for (std::size_t i = 0; i < servos_.size(); ++i)
        if (wanted[i] && !searches[i].done()) circuit_.set_source(searches[i].ruler, searches[i].probe * searches[i].lsb);
      failed = solve();
      if (!failed.empty()) break;
      std::vector<double> values = circuit_.values(servos_, error);
      if (!error.empty()) {
        error = "calibration: " + error;
        break;
      }
      pending = false;
      for (std::size_t i = 0; i < servos_.size(); ++i) {
        Search& search = searches[i];
        if (!wanted[i] || search.done()) continue;
        if (calibration_.deviation(servos_[i], values[i]) > 0) search.positive = search.probe;
        else search.negative = search.probe;
        if (!search.done()) {
          next_probe(search);
          pending = true;
        }
      }
    }
    std::vector<double> currents(servos_.size(), 0.0);
    int bits = 0;  // the searches run in parallel: as many decisions as the longest takes
    for (std::size_t i = 0; i < servos_.size(); ++i) {
      if (!wanted[i]) continue;
      bits = std::max(bits, calibration_.bits_of(searches[i].ruler));
      const Search& search = searches[i];
      circuit_.set_source(search.ruler, search.level);
      const double code = static_cast<double>(search.positive) * search.lsb;
      const bool saturated = search.positive <= -search.half || search.positive >= search.half - 1;
      currents[i] = saturated ? std::copysign(2 * search.half * search.lsb, code) : code + search.lsb / 2 - search.level;
    }
    decisions_ += bits;
    return currents;
  }

  DcCircuit& circuit_;
  const CalibrationRequest& calibration_;
  const std::vector<std::string> servos_;  // each servo once, in the order of the trims naming it
  std::vector<CalibrationPoint> points_;
  std::vector<std::map<std::string, double>> states_;     // the distinct states, as first listed
  std::vector<std::vector<std::size_t>> point_states_;    // per point, its states' indices
  std::vector<std::vector<bool>> state_servos_;           // per state, the servos read there
  bool backwards_ = false;                                 // the next pass's direction
  int decisions_ = 0;
  DcContinuation continuation_;
};

}  // namespace

int calibrate(DcCircuit& circuit, const CalibrationRequest& calibration, std::vector<TrimResult>& trims,
              std::string& error) {
  for (const auto& [source, servo] : calibration.trims)
    if (!is_safe_identifier(source) || !(is_plain_vector_name(servo) || is_device_parameter_vector(servo))) {
      error = fmt::format("calibration: invalid trim '{}' or servo '{}'", source, servo);
      return 0;
    }
  for (const auto& point : calibration.points)
    for (const auto& state : point)
      for (const auto& [source, value] : state.sources)
        if (!is_safe_identifier(source)) {
          error = fmt::format("calibration: invalid source '{}'", source);
          return 0;
        }
  std::vector<std::string> servos;
  for (const auto& trim : calibration.trims)
    if (std::find(servos.begin(), servos.end(), trim.second) == servos.end()) servos.push_back(trim.second);
  ServoReader reader(circuit, calibration, servos);
  auto servo_of = [&](std::size_t k) {
    return static_cast<std::size_t>(std::find(servos.begin(), servos.end(), calibration.trims[k].second) - servos.begin());
  };
  // Whether trim k is solved at calibration point `point` (its own points, or all).
  auto own_point = [&](std::size_t k, std::size_t point) {
    auto listed = calibration.trim_points.find(calibration.trims[k].first);
    return listed == calibration.trim_points.end() ||
           std::find(listed->second.begin(), listed->second.end(), point) != listed->second.end();
  };
  auto set_trims = [&](const std::vector<double>& values) {
    for (std::size_t k = 0; k < values.size(); ++k) circuit.set_source(calibration.trims[k].first, values[k]);
  };
  // Least-squares steps from the servo currents at `values` with the response `response` (chord
  // Newton), until no trim moves by more than a quarter of its LSB (a register's trim: until its
  // code stays, since the circuit sees only the code); false on an error.
  auto refine = [&](std::vector<double>& values, const std::vector<std::vector<double>>& response) {
    for (int iteration = 0; iteration < kMaxCalibrationIterations; ++iteration) {
      set_trims(values);
      const std::vector<double> residual = reader.stacked(error);
      if (!error.empty()) return false;
      const std::vector<double> step = solve_trims(residual, response);
      bool settled = true;
      for (std::size_t k = 0; k < step.size(); ++k) {
        const double before = values[k];
        values[k] += step[k];
        const std::string& source = calibration.trims[k].first;
        const double full_scale = calibration.full_scale_of(source);
        const int bits = calibration.bits_of(source);
        const double lsb = full_scale / std::ldexp(1.0, bits - 1);
        const bool moved = calibration.registers.count(source)
                               ? quantise_trim(before, full_scale, bits).value != quantise_trim(values[k], full_scale, bits).value
                               : !(std::fabs(step[k]) <= lsb / 4);
        if (moved) settled = false;
      }
      if (settled) break;
    }
    return true;
  };
  std::vector<double> wanted;
  std::vector<std::vector<double>> columns;  // each trim's response per unit current (several points)
  if (calibration.points.empty()) {
    // One point: each trim takes what its own servo supplies.
    std::vector<double> currents = reader.stacked(error);
    if (!error.empty()) return reader.decisions();
    for (std::size_t k = 0; k < calibration.trims.size(); ++k) wanted.push_back(currents[servo_of(k)]);
  } else {
    // Several points: the servo currents' response to each trim, then least squares.
    // Only a trim's own servo at its own points is used (below), so trims on different servos with
    // the same points are stepped together, one set of DC solves for the group: the N = 4
    // trainer's 16 feature-weight trims take 4 instead of 16. What one member's step moves at another
    // member's servo is the coupling the masked response leaves out anyway (on the trainer, a Q
    // trim's step moves another weight's servo by < 1 % of its own response).
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t k = 0; k < calibration.trims.size(); ++k) {
      auto fits = [&](const std::vector<std::size_t>& group) {
        for (std::size_t other : group) {
          if (servo_of(other) == servo_of(k)) return false;
          for (std::size_t point = 0; point < calibration.points.size(); ++point)
            if (own_point(other, point) != own_point(k, point)) return false;
        }
        return true;
      };
      auto group = std::find_if(groups.begin(), groups.end(), fits);
      if (group == groups.end()) groups.push_back({k});
      else group->push_back(k);
    }
    // The response around the trims as they are now, state by state: at each, the servos as they
    // are, then with each group stepped whose points hold the state (consecutive solves differ in
    // a few trims only). Returns the servo currents at the current trims; `columns` gets each trim's
    // response per unit current.
    auto step_of = [&](std::size_t k) { return calibration.full_scale_of(calibration.trims[k].first) / 16; };
    std::vector<std::vector<bool>> group_points(groups.size(), std::vector<bool>(calibration.points.size()));
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (std::size_t point = 0; point < calibration.points.size(); ++point)
        group_points[g][point] = own_point(groups[g].front(), point);
    columns.assign(calibration.trims.size(), {});
    auto measure_response = [&]() -> std::vector<double> {
      ServoReader::StateCurrents base_states(reader.state_count());
      std::vector<ServoReader::StateCurrents> moved_states(groups.size(), ServoReader::StateCurrents(reader.state_count()));
      for (std::size_t n = 0; n < reader.state_count(); ++n) {
        const std::size_t state = reader.state_in_pass(n);
        base_states[state] = reader.at_state(state, error);
        if (!error.empty()) return {};
        for (std::size_t g = 0; g < groups.size(); ++g) {
          bool holds = false;
          for (std::size_t point = 0; point < calibration.points.size(); ++point)
            holds = holds || (group_points[g][point] && reader.point_holds(point, state));
          if (!holds) continue;
          std::vector<double> initials;
          for (std::size_t k : groups[g]) {
            initials.push_back(circuit.source(calibration.trims[k].first));
            circuit.set_source(calibration.trims[k].first, initials.back() + step_of(k));
          }
          moved_states[g][state] = reader.at_state(state, error);
          for (std::size_t m = 0; m < groups[g].size(); ++m) circuit.set_source(calibration.trims[groups[g][m]].first, initials[m]);
          if (!error.empty()) return {};
        }
      }
      reader.end_pass();
      const std::vector<double> base = reader.stack(base_states);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const std::vector<double> moved = reader.stack(moved_states[g], &group_points[g]);
        for (std::size_t k : groups[g]) {
          columns[k].clear();
          for (std::size_t i = 0; i < base.size(); ++i) columns[k].push_back((moved[i] - base[i]) / step_of(k));
        }
      }
      // Each trim is solved against its own servo only (the response's other rows set to 0):
      // servos differ in scale by orders of magnitude, and a servo whose points no trim can null
      // together (the sum node's offset moves with W) would otherwise pull the other servos' trims
      // towards a common compromise: on a Monte Carlo die of the N = 1 trainer that left a weight's
      // servo 18 pA off (the update offset of 3 % of I_u) to gain 0.1 % at the sum node's 0.5 nA.
      // The coupling the masked response leaves out is what the refinement below takes up. A trim
      // with its own points is solved over those only (its response elsewhere set to 0 too).
      for (std::size_t k = 0; k < columns.size(); ++k)
        for (std::size_t row = 0; row < columns[k].size(); ++row)
          if (row % servos.size() != servo_of(k) || !own_point(k, row / servos.size())) columns[k][row] = 0;
      return base;
    };
    for (const auto& trim : calibration.trims) wanted.push_back(circuit.source(trim.first));
    for (int measurement = 0; measurement < kResponseMeasurements; ++measurement) {
      set_trims(wanted);
      const std::vector<double> base = measure_response();
      if (!error.empty()) return reader.decisions();
      const std::vector<double> step = solve_trims(base, columns);
      for (std::size_t k = 0; k < step.size(); ++k) wanted[k] += step[k];
    }
    // The servos' response is linear in the trims only to first order, and each trim also moves
    // the other servos a little. So the least-squares step is repeated from the servo currents at
    // the trims found, with the last response (chord Newton).
    if (!refine(wanted, columns)) return reader.decisions();
  }
  std::vector<TrimLevel> levels;
  for (std::size_t k = 0; k < calibration.trims.size(); ++k) {
    const std::string& source = calibration.trims[k].first;
    levels.push_back(quantise_trim(wanted[k], calibration.full_scale_of(source), calibration.bits_of(source)));
    circuit.set_source(source, levels.back().value);
  }
  if (!columns.empty() && calibration.from_decisions()) {
    // A controller sets the other trims' codes first and then solves its rulers again, each against
    // its own servo with the others at their DAC levels, so the rulers (the storage nodes' trims)
    // take up what the others' rounding leaves at their points.
    std::vector<std::vector<double>> ruler_columns(columns.size());
    std::vector<bool> is_ruler(columns.size());
    std::vector<double> finishing = wanted;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      is_ruler[k] = calibration.rulers.count(calibration.trims[k].second) &&
                    calibration.rulers.at(calibration.trims[k].second) == calibration.trims[k].first;
      ruler_columns[k] = is_ruler[k] ? columns[k] : std::vector<double>(columns[k].size(), 0.0);
      if (!is_ruler[k]) finishing[k] = levels[k].value;
    }
    if (!refine(finishing, ruler_columns)) return reader.decisions();
    for (std::size_t k = 0; k < columns.size(); ++k)
      if (is_ruler[k]) wanted[k] = finishing[k];
    for (std::size_t k = 0; k < calibration.trims.size(); ++k) {
      const std::string& source = calibration.trims[k].first;
      levels[k] = quantise_trim(wanted[k], calibration.full_scale_of(source), calibration.bits_of(source));
      circuit.set_source(source, levels[k].value);
    }
  }
  for (std::size_t k = 0; k < calibration.trims.size(); ++k)
    trims.push_back({calibration.trims[k].first, wanted[k], levels[k].value, levels[k].saturated});
  // What the servos still supply at the DAC levels: the calibration's own check.
  const std::vector<double> residual = reader.stacked(error);
  if (!error.empty()) return reader.decisions();
  for (std::size_t k = 0; k < trims.size(); ++k)
    for (std::size_t row = servo_of(k); row < residual.size(); row += servos.size())
      if (own_point(k, row / servos.size())) trims[k].residual = std::max(trims[k].residual, std::fabs(residual[row]));
  return reader.decisions();
}

}  // namespace logsgd

#include "measure.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "dac_linearity.h"
#include "device_extraction.h"
#include "threshold_crossing.h"
#include "spice_value.h"

namespace logsgd {

namespace {

const MeasureFunction* find_function(const std::string& name) {
  for (const auto& f : measure_functions())
    if (f.name == name) return &f;
  return nullptr;
}

// The math of a measure function throws std::runtime_error on data it cannot measure; a
// measurement reports that as a MeasureError (a check without a value, with the reason).
template <class Compute>
auto computed(Compute compute) {
  try {
    return compute();
  } catch (const MeasureError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw MeasureError(e.what());
  }
}

std::map<std::string, double> weak_inversion(const MeasureArgs& args) {
  std::vector<double> vgs = args.vector("gate");
  std::vector<double> id = args.vector("current");
  const double polarity = args.number("polarity");  // -1 for a pfet swept in V_GS < 0
  for (auto& v : vgs) v *= polarity;
  for (auto& i : id) i = std::fabs(i);
  if (vgs.size() > 1 && vgs.front() > vgs.back()) {
    std::reverse(vgs.begin(), vgs.end());
    std::reverse(id.begin(), id.end());
  }
  const WeakInversionFit fit = computed([&] { return extract_weak_inversion(vgs, id, args.temperature_c()); });
  const double squares = args.number("w") / args.number("l");
  return {{"n", fit.n},
          {"i_spec", fit.i_spec},
          {"i_spec_square", fit.i_spec / squares},
          {"vgs_at_ispec", fit.vgs_at_ispec},
          {"wi_low", fit.wi_low},
          {"wi_high", fit.wi_high},
          {"wi_decades", std::log10(fit.wi_high / fit.wi_low)},
          {"n_flat_decades", std::log10(fit.flat_high / fit.flat_low)}};
}

std::map<std::string, double> ratio(const MeasureArgs& args) {
  const auto& numerator = args.vector("numerator");
  const auto& denominator = args.vector("denominator");
  if (numerator.empty() || denominator.empty()) throw MeasureError("empty vector");
  // Magnitudes: branch currents carry the sign of their source's orientation.
  double value = std::fabs(numerator.back()) / std::fabs(denominator.back());
  if (!std::isfinite(value)) throw MeasureError("ratio is not finite");
  return {{"ratio", value}, {"ln_ratio", value > 0 ? std::log(value) : NAN}};
}

std::map<std::string, double> relative_error(const MeasureArgs& args) {
  auto actual = args.vectors("actual"), ideal = args.vectors("ideal"), mask = args.vectors("mask");
  if (actual.size() != ideal.size() || (!mask.empty() && mask.size() != actual.size()))
    throw MeasureError("actual, ideal and mask need lists of the same length");
  double max_abs = 0, square_sum = 0;
  int points = 0;
  for (std::size_t k = 0; k < actual.size(); ++k) {
    const auto& a = *actual[k];
    const auto& i = *ideal[k];
    if (a.size() != i.size()) throw MeasureError("an actual and its ideal vector differ in length");
    for (std::size_t p = 0; p < a.size(); ++p) {
      if (!mask.empty() && !((*mask[k])[p] > 0.5)) continue;
      double error = std::fabs(a[p] / i[p] - 1);
      if (!std::isfinite(error)) throw MeasureError("ideal value is zero at a counted point");
      max_abs = std::max(max_abs, error);
      square_sum += error * error;
      ++points;
    }
  }
  if (points == 0) throw MeasureError("no point passed the mask");
  return {{"max_abs", max_abs}, {"rms", std::sqrt(square_sum / points)}, {"points", static_cast<double>(points)}};
}

std::map<std::string, double> exponential_fit(const MeasureArgs& args) {
  const auto& time = args.vector("time");
  const auto& signal = args.vector("signal");
  const double t_start = args.number("t_start"), t_end = args.number("t_end");
  std::vector<double> t, y;
  for (std::size_t k = 0; k < time.size() && k < signal.size(); ++k)
    if (time[k] >= t_start && time[k] <= t_end) {
      t.push_back(time[k]);
      y.push_back(signal[k]);
    }
  if (t.size() < 10) throw MeasureError("fewer than 10 points in [t_start, t_end]");
  const double initial = y.front(), final = y.back(), change = final - initial;
  if (change == 0) throw MeasureError("the signal does not change");
  // ln|y - final| = c - (t - t_start)/tau over the 20 %-95 % part of the settling.
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  double t63 = NAN;
  for (std::size_t k = 0; k < t.size(); ++k) {
    double progress = (y[k] - initial) / change;
    if (std::isnan(t63) && progress >= 1 - std::exp(-1.0)) t63 = t[k] - t_start;
    if (progress < 0.2 || progress > 0.95) continue;
    double x = t[k] - t_start, l = std::log(std::fabs(final - y[k]));
    n += 1, sx += x, sy += l, sxx += x * x, sxy += x * l;
  }
  if (n < 5) throw MeasureError("fewer than 5 points between 20 % and 95 % of the settling");
  double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  if (!(slope < 0)) throw MeasureError("the signal does not settle exponentially");
  return {{"tau", -1 / slope}, {"t63", t63}, {"initial", initial}, {"final", final}};
}

// How a signal settles after a step at t_start, over [t_start, t_end]. "final" is the time-averaged
// value over the window's last 10 %, so a signal that still rings there has a ripple; the lag is the
// area between the signal and an ideal step, (final - signal) integrated, which for a current is the
// charge a downstream integrator sees lost or gained at that edge (a first-order response: lag = tau).
std::map<std::string, double> step_response(const MeasureArgs& args) {
  const auto& time = args.vector("time");
  const auto& signal = args.vector("signal");
  const double t_start = args.number("t_start"), t_end = args.number("t_end"), band = args.number("band");
  if (!(t_end > t_start)) throw MeasureError("t_end must lie after t_start");
  if (!(band > 0)) throw MeasureError("band must be positive");
  const std::size_t n = std::min(time.size(), signal.size());
  std::size_t first = n;  // first sample after the step
  double initial = NAN;
  for (std::size_t k = 0; k < n; ++k) {
    if (time[k] <= t_start) initial = signal[k];
    else if (first == n && time[k] <= t_end) first = k;
  }
  if (std::isnan(initial)) throw MeasureError("no sample at or before t_start");
  std::size_t last = first;
  while (last < n && time[last] <= t_end) ++last;
  if (last - first < 10) throw MeasureError("fewer than 10 points in (t_start, t_end]");
  const double tail_start = t_end - 0.1 * (t_end - t_start);
  double tail_area = 0, tail_time = 0, tail_min = INFINITY, tail_max = -INFINITY;
  for (std::size_t k = first; k < last; ++k) {
    if (time[k] < tail_start) continue;
    tail_min = std::min(tail_min, signal[k]);
    tail_max = std::max(tail_max, signal[k]);
    if (k > first && time[k - 1] >= tail_start) {
      tail_area += 0.5 * (signal[k] + signal[k - 1]) * (time[k] - time[k - 1]);
      tail_time += time[k] - time[k - 1];
    }
  }
  if (!(tail_time > 0)) throw MeasureError("fewer than 2 points in the last 10 % of the window");
  const double final = tail_area / tail_time, change = final - initial;
  if (change == 0) throw MeasureError("the signal does not change");
  const double direction = change > 0 ? 1 : -1, size = std::fabs(change);
  double overshoot = 0, undershoot = 0, settling = 0, lag = 0;
  double previous_t = t_start, previous_y = initial;
  for (std::size_t k = first; k < last; ++k) {
    const double y = signal[k];
    overshoot = std::max(overshoot, direction * (y - final) / size);
    undershoot = std::max(undershoot, direction * (initial - y) / size);
    if (std::fabs(y - final) > band * size) settling = time[k] - t_start;
    lag += (final - 0.5 * (y + previous_y)) * (time[k] - previous_t);
    previous_t = time[k], previous_y = y;
  }
  return {{"initial", initial},        {"final", final},       {"overshoot", overshoot},
          {"undershoot", undershoot},  {"settling_time", settling}, {"ripple", (tail_max - tail_min) / size},
          {"lag_charge", lag},         {"lag", lag / change}};
}

std::map<std::string, double> time_average(const MeasureArgs& args) {
  const auto& time = args.vector("time");
  const auto& v = args.vector("vector");
  const double t_start = args.number("t_start"), t_end = args.number("t_end");
  double integral = 0, covered = 0;
  for (std::size_t k = 1; k < time.size() && k < v.size(); ++k) {
    if (time[k - 1] < t_start || time[k] > t_end) continue;
    double dt = time[k] - time[k - 1];
    integral += 0.5 * (v[k] + v[k - 1]) * dt;
    covered += dt;
  }
  if (!(covered > 0)) throw MeasureError("no time points inside [t_start, t_end]");
  return {{"mean", integral / covered}};
}

std::map<std::string, double> statistics(const MeasureArgs& args) {
  const auto& v = args.vector("vector");
  if (v.empty()) throw MeasureError("empty vector");
  double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {{"min", *lo}, {"max", *hi}, {"mean", mean}, {"final", v.back()}};
}

std::map<std::string, double> dac_linearity_of(const MeasureArgs& args) {
  const DacLinearity r = computed([&] {
    return dac_linearity(args.vector("code"), args.vector("positive"), args.vector("negative"), args.number("levels"),
                         args.number("full_scale"));
  });
  return {{"inl_max", r.inl_max},         {"dnl_max", r.dnl_max},
          {"dnl_min", r.dnl_min},         {"gain_error", r.gain_error},
          {"offset", r.offset},           {"full_scale_error", r.full_scale_error},
          {"total_spread", r.total_spread}};
}

std::map<std::string, double> crossing(const MeasureArgs& args) {
  const ThresholdCrossing r = computed([&] {
    return threshold_crossing(args.vector("x"), args.vector("y"), args.number("level"), args.number("low"),
                              args.number("high"), args.number("from"));
  });
  return {{"at", r.at}, {"width", r.width}, {"crossings", static_cast<double>(r.crossings)}, {"delay", r.delay}};
}

}  // namespace

const std::vector<MeasureFunction>& measure_functions() {
  static const std::vector<MeasureFunction> functions{
      {"weak_inversion",
       "subthreshold slope factor n, specific current and weak-inversion range from I_D(V_GS) (EKV gm/I_D method)",
       {"gate", "current"},
       {{"w", ""}, {"l", ""}, {"polarity", "1"}},
       {},
       {"n", "i_spec", "i_spec_square", "vgs_at_ispec", "wi_low", "wi_high", "wi_decades", "n_flat_decades"},
       weak_inversion},
      {"ratio", "|final value| of one vector over another (e.g. mirror output over input), and its log",
       {"numerator", "denominator"}, {}, {}, {"ratio", "ln_ratio"}, ratio},
      {"statistics", "min, max, mean (per point) and final value of a vector", {"vector"}, {}, {},
       {"min", "max", "mean", "final"}, statistics},
      {"time_average", "time-weighted mean of a vector over [t_start, t_end] (e.g. supply power in a transient)",
       {"time", "vector"}, {{"t_start", "0"}, {"t_end", "1e30"}}, {}, {"mean"}, time_average},
      {"relative_error", "max and rms of |actual/ideal - 1| over paired vectors, counting points where mask > 0.5",
       {}, {}, {{"actual", true}, {"ideal", true}, {"mask", false}}, {"max_abs", "rms", "points"}, relative_error},
      {"exponential_fit",
       "time constant of a settling signal: log-linear fit between 20 % and 95 % of the change inside [t_start, t_end]",
       {"time", "signal"}, {{"t_start", ""}, {"t_end", ""}}, {}, {"tau", "t63", "initial", "final"}, exponential_fit},
      {"step_response",
       "settling after a step at t_start: overshoot, undershoot and ripple as fractions of the step, time to stay within "
       "band of the final value, and the lag (area between the signal and an ideal step)",
       {"time", "signal"}, {{"t_start", ""}, {"t_end", ""}, {"band", "0.01"}}, {},
       {"initial", "final", "overshoot", "undershoot", "settling_time", "ripple", "lag_charge", "lag"}, step_response},
      {"dac_linearity",
       "static linearity of a current-steering DAC over a code sweep: INL (best-fit line) and DNL in LSB, gain and "
       "offset, full-scale current against its design value, constancy of P + N",
       {"code", "positive", "negative"}, {{"levels", ""}, {"full_scale", ""}}, {},
       {"inl_max", "dnl_max", "dnl_min", "gain_error", "offset", "full_scale_error", "total_spread"}, dac_linearity_of},
      {"crossing",
       "where y first crosses level along x from x = from on (a comparator's trip point over a DC sweep of its input; "
       "in a transient, the time of its decision after a step at from: delay = at - from), the x distance between y's "
       "first crossings of low and high (the gray zone), and how many times y crosses level",
       {"x", "y"}, {{"level", ""}, {"low", ""}, {"high", ""}, {"from", "-1e30"}}, {},
       {"at", "width", "crossings", "delay"}, crossing},
  };
  return functions;
}

std::vector<const std::vector<double>*> MeasureArgs::vectors(const std::string& list_arg) const {
  std::vector<const std::vector<double>*> result;
  auto names = def_.list_args.find(list_arg);
  if (names == def_.list_args.end()) return result;
  for (const auto& name : names->second) {
    auto found = input_.vectors.find(name);
    if (found == input_.vectors.end()) throw MeasureError(fmt::format("vector '{}' was not simulated", name));
    result.push_back(&found->second.real);
  }
  return result;
}

const std::vector<double>& MeasureArgs::vector(const std::string& arg) const {
  const std::string& name = def_.args.at(arg);
  auto found = input_.vectors.find(name);
  if (found == input_.vectors.end()) throw MeasureError(fmt::format("vector '{}' was not simulated", name));
  return found->second.real;
}

double MeasureArgs::number(const std::string& arg) const {
  const std::string& text = def_.args.at(arg);
  if (auto value = parse_spice_number(text)) return *value;
  auto found = input_.parameters.find(text);
  if (found == input_.parameters.end()) throw MeasureError(fmt::format("parameter '{}' has no value", text));
  return found->second;
}

MeasurementDef parse_measurement(const YamlNode& node, const std::map<std::string, double>& parameters) {
  node.expect_keys({"name", "function", "args"});
  MeasurementDef def;
  def.name = node.at("name").as_string();
  if (!is_safe_identifier(def.name)) node.at("name").fail("a measurement name is letters, digits and _");
  YamlNode function_node = node.at("function");
  def.function = function_node.as_string();
  const MeasureFunction* function = find_function(def.function);
  if (!function) {
    std::string known;
    for (const auto& f : measure_functions()) known += (known.empty() ? "" : ", ") + f.name;
    function_node.fail(fmt::format("unknown measure function '{}' (known: {})", def.function, known));
  }
  std::set<std::string> allowed(function->vector_args.begin(), function->vector_args.end());
  for (const auto& [name, fallback] : function->number_args) allowed.insert(name);
  for (const auto& [name, required] : function->vector_list_args) allowed.insert(name);
  YamlNode args = node.at("args");
  args.expect_keys(allowed);
  for (const auto& name : function->vector_args) {
    YamlNode arg = args.at(name);
    def.args[name] = arg.as_string();
    if (!is_safe_vector_name(def.args[name])) arg.fail(fmt::format("'{}' is not a vector name", def.args[name]));
  }
  for (const auto& [name, required] : function->vector_list_args) {
    auto arg = args.find(name);
    if (!arg) {
      if (required) args.fail(fmt::format("missing required key '{}.{}'", args.key(), name));
      continue;
    }
    for (const auto& item : arg->is_sequence() ? arg->items() : std::vector<YamlNode>{*arg}) {
      std::string vector = item.as_string();
      if (!is_safe_vector_name(vector)) item.fail(fmt::format("'{}' is not a vector name", vector));
      def.list_args[name].push_back(vector);
    }
  }
  for (const auto& [name, fallback] : function->number_args) {
    auto arg = args.find(name);
    if (!arg) {
      if (fallback.empty()) args.fail(fmt::format("missing required key '{}.{}'", args.key(), name));
      def.args[name] = fallback;
      continue;
    }
    std::string text = arg->as_string();
    if (!parse_spice_number(text) && !parameters.count(text))
      arg->fail(fmt::format("'{}' is neither a number nor a parameter of this testbench", text));
    def.args[name] = text;
  }
  return def;
}

std::vector<std::string> vectors_needed(const MeasurementDef& def) {
  std::vector<std::string> names;
  for (const auto& arg : find_function(def.function)->vector_args) names.push_back(def.args.at(arg));
  for (const auto& [arg, list] : def.list_args) names.insert(names.end(), list.begin(), list.end());
  return names;
}

std::map<std::string, double> measure(const MeasurementDef& def, const MeasureInput& input) {
  const MeasureFunction* function = find_function(def.function);
  std::map<std::string, double> results;
  for (const auto& [output, value] : function->compute(MeasureArgs(def, input)))
    results[def.name + "." + output] = value;
  return results;
}

}  // namespace logsgd

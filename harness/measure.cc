#include "measure.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "device_extraction.h"
#include "spice_value.h"

namespace logsgd {

namespace {

const MeasureFunction* find_function(const std::string& name) {
  for (const auto& f : measure_functions())
    if (f.name == name) return &f;
  return nullptr;
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
  WeakInversionFit fit;
  try {
    fit = extract_weak_inversion(vgs, id, args.temperature_c());
  } catch (const std::runtime_error& e) {
    throw MeasureError(e.what());
  }
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

std::map<std::string, double> statistics(const MeasureArgs& args) {
  const auto& v = args.vector("vector");
  if (v.empty()) throw MeasureError("empty vector");
  double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {{"min", *lo}, {"max", *hi}, {"mean", mean}, {"final", v.back()}};
}

}  // namespace

const std::vector<MeasureFunction>& measure_functions() {
  static const std::vector<MeasureFunction> functions{
      {"weak_inversion",
       "subthreshold slope factor n, specific current and weak-inversion range from I_D(V_GS) (EKV gm/I_D method)",
       {"gate", "current"},
       {{"w", ""}, {"l", ""}, {"polarity", "1"}},
       {"n", "i_spec", "i_spec_square", "vgs_at_ispec", "wi_low", "wi_high", "wi_decades", "n_flat_decades"},
       weak_inversion},
      {"ratio", "|final value| of one vector over another (e.g. mirror output over input), and its log",
       {"numerator", "denominator"}, {}, {"ratio", "ln_ratio"}, ratio},
      {"statistics", "min, max, mean and final value of a vector", {"vector"}, {}, {"min", "max", "mean", "final"},
       statistics},
  };
  return functions;
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
  YamlNode args = node.at("args");
  args.expect_keys(allowed);
  for (const auto& name : function->vector_args) {
    YamlNode arg = args.at(name);
    def.args[name] = arg.as_string();
    if (!is_safe_vector_name(def.args[name])) arg.fail(fmt::format("'{}' is not a vector name", def.args[name]));
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

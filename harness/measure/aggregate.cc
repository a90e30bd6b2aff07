#include "aggregate.h"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "spice_value.h"

namespace logsgd {

namespace {

std::vector<double> column(const Samples& samples, const std::string& name) {
  std::vector<double> values;
  for (const auto* s : samples)
    if (auto found = s->find(name); found != s->end() && std::isfinite(found->second)) values.push_back(found->second);
  if (values.size() < 3) throw std::runtime_error(fmt::format("fewer than 3 samples measured '{}'", name));
  return values;
}

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

double sigma(const std::vector<double>& v) {
  double m = mean(v), sum = 0;
  for (double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

// Pelgrom: sigma_k = A / sqrt(W L)_k. A from the fixed-slope fit in log space; the free slope of
// log sigma against log WL is reported too (Pelgrom predicts -0.5).
std::map<std::string, double> pelgrom_fit(const AggregateDef& def, const Samples& samples) {
  const auto& results = def.result_args.at("results");
  const auto& areas = def.number_args.at("areas");
  if (results.size() != areas.size() || results.size() < 2)
    throw std::runtime_error("pelgrom_fit needs as many areas as results, at least 2");
  std::vector<double> log_sigma, log_area;
  for (std::size_t k = 0; k < results.size(); ++k) {
    log_sigma.push_back(std::log(sigma(column(samples, results[k]))));
    log_area.push_back(std::log(areas[k]));
  }
  std::vector<double> log_a;
  for (std::size_t k = 0; k < results.size(); ++k) log_a.push_back(log_sigma[k] + 0.5 * log_area[k]);
  double a = std::exp(mean(log_a));
  double deviation = 0;
  for (double la : log_a) deviation = std::max(deviation, std::fabs(std::exp(la) / a - 1));
  double mx = mean(log_area), my = mean(log_sigma), sxy = 0, sxx = 0;
  for (std::size_t k = 0; k < log_area.size(); ++k) {
    sxy += (log_area[k] - mx) * (log_sigma[k] - my);
    sxx += (log_area[k] - mx) * (log_area[k] - mx);
  }
  std::map<std::string, double> out{{"a", a}, {"max_deviation", deviation}, {"slope", sxx > 0 ? sxy / sxx : NAN}};
  for (std::size_t k = 0; k < results.size(); ++k) out[fmt::format("sigma_{}", k)] = std::exp(log_sigma[k]);
  return out;
}

std::map<std::string, double> correlation(const AggregateDef& def, const Samples& samples) {
  auto a = column(samples, def.result_args.at("a").at(0));
  auto b = column(samples, def.result_args.at("b").at(0));
  if (a.size() != b.size()) throw std::runtime_error("correlation: the two results were measured in different samples");
  double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  double rho = sab / std::sqrt(saa * sbb);
  // |rho| of independent draws has a standard error of about 1/sqrt(N).
  return {{"rho", rho}, {"abs_rho_in_sigmas", std::fabs(rho) * std::sqrt(static_cast<double>(a.size()))}};
}

std::map<std::string, double> spread(const AggregateDef& def, const Samples& samples) {
  auto v = column(samples, def.result_args.at("result").at(0));
  double m = mean(v), s = sigma(v);
  return {{"mean", m}, {"sigma", s}, {"relative_sigma", s / std::fabs(m)}};
}

}  // namespace

const std::vector<AggregateFunction>& aggregate_functions() {
  static const std::vector<AggregateFunction> functions{
      {"pelgrom_fit", "sigma of each result against device area: A = sigma*sqrt(WL), slope, worst deviation",
       {"results"}, {"areas"}, {"a", "slope", "max_deviation"}, pelgrom_fit},
      {"correlation", "Pearson correlation of two results across samples (independent draws: |rho| ~ 1/sqrt(N))",
       {"a", "b"}, {}, {"rho", "abs_rho_in_sigmas"}, correlation},
      {"spread", "mean, sigma and relative sigma of one result across samples", {"result"}, {},
       {"mean", "sigma", "relative_sigma"}, spread},
  };
  return functions;
}

AggregateDef parse_aggregate(const YamlNode& node) {
  node.expect_keys({"name", "function", "args"});
  AggregateDef def;
  def.name = node.at("name").as_string();
  if (!is_safe_identifier(def.name)) node.at("name").fail("an aggregate name is letters, digits and _");
  def.function = node.at("function").as_string();
  const AggregateFunction* function = nullptr;
  for (const auto& f : aggregate_functions())
    if (f.name == def.function) function = &f;
  if (!function) node.at("function").fail(fmt::format("unknown aggregate function '{}'", def.function));
  YamlNode args = node.at("args");
  std::set<std::string> allowed(function->result_args.begin(), function->result_args.end());
  allowed.insert(function->number_args.begin(), function->number_args.end());
  args.expect_keys(allowed);
  for (const auto& name : function->result_args) def.result_args[name] = args.at(name).as_strings();
  for (const auto& name : function->number_args) def.number_args[name] = args.at(name).as_numbers();
  return def;
}

std::map<std::string, double> aggregate(const AggregateDef& def,
                                        const Samples& samples) {
  std::map<std::string, double> named;
  for (const auto& f : aggregate_functions())
    if (f.name == def.function)
      for (const auto& [output, value] : f.compute(def, samples)) named[def.name + "." + output] = value;
  return named;
}

}  // namespace logsgd

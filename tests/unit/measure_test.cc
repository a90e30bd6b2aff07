// Measure functions on small synthetic vectors.
#include "measure.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace logsgd;

namespace {

std::map<std::string, double> run_measure(const std::string& yaml, const std::map<std::string, SimVector>& vectors,
                                          const std::map<std::string, double>& parameters = {}) {
  MeasurementDef def = parse_measurement(YamlNode::load_string(yaml, "m.yaml"), parameters);
  return measure(def, MeasureInput{vectors, parameters, 27});
}

}  // namespace

TEST_CASE("relative_error pairs actual and ideal vectors and honours the mask") {
  std::map<std::string, SimVector> v{{"a1", {{1.01, 2.0, 5.0}, {}}}, {"i1", {{1.0, 2.0, 4.0}, {}}},
                                     {"a2", {{0.98}, {}}},            {"i2", {{1.0}, {}}},
                                     {"m1", {{1, 1, 0}, {}}},         {"m2", {{1}, {}}}};
  auto all = run_measure("{name: e, function: relative_error, args: {actual: [a1, a2], ideal: [i1, i2]}}", v);
  CHECK(all.at("e.max_abs") == doctest::Approx(0.25));  // the point at 5 vs 4
  CHECK(all.at("e.points") == 4);
  auto masked = run_measure("{name: e, function: relative_error, args: {actual: [a1, a2], ideal: [i1, i2], mask: [m1, m2]}}", v);
  CHECK(masked.at("e.max_abs") == doctest::Approx(0.02));
  CHECK(masked.at("e.points") == 3);
  CHECK(masked.at("e.rms") == doctest::Approx(std::sqrt((1e-4 + 0 + 4e-4) / 3)));
  CHECK_THROWS_AS(run_measure("{name: e, function: relative_error, args: {actual: [a1], ideal: [i1, i2]}}", v), MeasureError);
}

TEST_CASE("exponential_fit recovers the time constant of a step response") {
  SimVector time, signal;
  const double tau = 57e-6, t0 = 10e-6;
  for (int k = 0; k <= 2000; ++k) {
    double t = k * 0.25e-6;
    time.real.push_back(t);
    signal.real.push_back(t < t0 ? 10e-9 : 20e-9 - 10e-9 * std::exp(-(t - t0) / tau));
  }
  auto fit = run_measure("{name: f, function: exponential_fit, args: {time: time, signal: s, t_start: 10u, t_end: t_end}}",
                         {{"time", time}, {"s", signal}}, {{"t_end", 500e-6}});
  CHECK(fit.at("f.tau") == doctest::Approx(tau).epsilon(1e-3));
  CHECK(fit.at("f.t63") == doctest::Approx(tau).epsilon(0.01));
  CHECK(fit.at("f.initial") == doctest::Approx(10e-9));
}

TEST_CASE("ratio of final values uses magnitudes") {
  auto r = run_measure("{name: m, function: ratio, args: {numerator: a, denominator: b}}",
                       {{"a", {{-2e-8}, {}}}, {"b", {{1e-8}, {}}}});
  CHECK(r.at("m.ratio") == doctest::Approx(2));
  CHECK(r.at("m.ln_ratio") == doctest::Approx(std::log(2)));
}

TEST_CASE("time_average weights each value by the time it holds") {
  // 1 for 1 s, then 3 for 3 s: the time-weighted mean is 2.5, the per-point mean is not.
  auto r = run_measure("{name: p, function: time_average, args: {time: t, vector: v}}",
                       {{"t", {{0, 1, 1, 4}, {}}}, {"v", {{1, 1, 3, 3}, {}}}});
  CHECK(r.at("p.mean") == doctest::Approx(2.5));
}

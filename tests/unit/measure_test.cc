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

TEST_CASE("step_response measures overshoot, settling, ripple and the lag of a step") {
  // A second-order step 10 -> 20 nA at 10 us: zeta = 0.5 gives 16.3 % overshoot.
  const double t0 = 10e-6, wn = 2 * M_PI * 50e3, zeta = 0.5, wd = wn * std::sqrt(1 - zeta * zeta);
  SimVector time, ringing, first_order, oscillating;
  for (int k = 0; k <= 4000; ++k) {
    double t = k * 0.05e-6, s = t - t0;
    time.real.push_back(t);
    double settled = s < 0 ? 0
                           : 1 - std::exp(-zeta * wn * s) * (std::cos(wd * s) + zeta / std::sqrt(1 - zeta * zeta) * std::sin(wd * s));
    ringing.real.push_back(10e-9 + 10e-9 * settled);
    first_order.real.push_back(s < 0 ? 20e-9 : 10e-9 + 10e-9 * std::exp(-s / 5e-6));  // a step down, tau 5 us
    oscillating.real.push_back(10e-9 + (s < 0 ? 0 : 1e-9 * std::sin(wn * s)) + (s < 0 ? 0 : 5e-9));
  }
  std::map<std::string, SimVector> v{{"t", time}, {"r", ringing}, {"f", first_order}, {"o", oscillating}};
  auto r = run_measure("{name: s, function: step_response, args: {time: t, signal: r, t_start: 10u, t_end: 200u}}", v);
  CHECK(r.at("s.initial") == doctest::Approx(10e-9));
  CHECK(r.at("s.final") == doctest::Approx(20e-9).epsilon(1e-4));
  CHECK(r.at("s.overshoot") == doctest::Approx(std::exp(-M_PI * zeta / std::sqrt(1 - zeta * zeta))).epsilon(0.01));
  CHECK(r.at("s.undershoot") == 0);
  CHECK(r.at("s.ripple") < 1e-4);
  // Settled within 1 % after about ln(100/sqrt(1 - zeta^2))/(zeta wn) = 29.8 us.
  CHECK(r.at("s.settling_time") == doctest::Approx(29e-6).epsilon(0.1));
  // The lag of a second-order step is 2 zeta/wn.
  CHECK(r.at("s.lag") == doctest::Approx(2 * zeta / wn).epsilon(0.01));
  auto f = run_measure("{name: s, function: step_response, args: {time: t, signal: f, t_start: 10u, t_end: 200u}}", v);
  CHECK(f.at("s.lag") == doctest::Approx(5e-6).epsilon(0.01));
  CHECK(f.at("s.lag_charge") == doctest::Approx(-10e-9 * 5e-6).epsilon(0.01));  // charge short of the ideal step down
  CHECK(f.at("s.overshoot") < 1e-9);
  CHECK(f.at("s.settling_time") == doctest::Approx(5e-6 * std::log(100)).epsilon(0.02));
  auto o = run_measure("{name: s, function: step_response, args: {time: t, signal: o, t_start: 10u, t_end: 200u}}", v);
  CHECK(o.at("s.ripple") == doctest::Approx(0.4).epsilon(0.01));  // 2 nA peak to peak on a 5 nA step: never settles
  CHECK(o.at("s.settling_time") > 180e-6);
  CHECK_THROWS_AS(run_measure("{name: s, function: step_response, args: {time: t, signal: r, t_start: 10u, t_end: 5u}}", v),
                  MeasureError);
}

TEST_CASE("dac_linearity: INL, DNL, gain and offset of a code sweep, in LSB") {
  // A 4-bit DAC (16 levels, full scale 2 units) whose code 8 element is 0.5 LSB heavy: the output
  // steps 1.5 LSB from code 7 to 8; P + N stays 2.
  SimVector code, p, n;
  const double lsb = 2.0 / 16;
  for (int k = 0; k < 16; ++k) {
    double out = k * lsb + (k >= 8 ? 0.5 * lsb : 0);
    code.real.push_back(k);
    p.real.push_back(-out);  // branch currents carry their sources' signs: ignored
    n.real.push_back(2 - out);
  }
  auto r = run_measure("{name: d, function: dac_linearity, args: {code: c, positive: p, negative: n, levels: 16, full_scale: 2}}",
                       {{"c", code}, {"p", p}, {"n", n}});
  CHECK(r.at("d.dnl_max") > 0.4);  // the step at 8 against the fitted line, whose LSB the step makes ~5 % larger
  CHECK(r.at("d.dnl_max") < 0.5);
  CHECK(r.at("d.dnl_min") < 0);
  CHECK(r.at("d.inl_max") > 0.2);
  CHECK(r.at("d.inl_max") < 0.3);
  CHECK(r.at("d.gain_error") > 0);
  CHECK(r.at("d.full_scale_error") == doctest::Approx(0).epsilon(1e-12));
  CHECK(r.at("d.total_spread") == doctest::Approx(0).epsilon(1e-12));
  SimVector gap = code;
  gap.real[5] = 17;  // codes not consecutive: a sweep that is not a DAC's
  CHECK_THROWS_AS(run_measure("{name: d, function: dac_linearity, args: {code: c, positive: p, negative: n, levels: 16, full_scale: 2}}",
                              {{"c", gap}, {"p", p}, {"n", n}}),
                  MeasureError);
}

TEST_CASE("crossing: a comparator's trip point, gray zone and a clean decision, interpolated between points") {
  // A comparator's output over its input difference (pA): low until -10, a ramp to 1.8 at +10.
  SimVector d, out;
  for (int k = -50; k <= 50; k += 4) {
    d.real.push_back(k);
    out.real.push_back(k <= -10 ? 0 : k >= 10 ? 1.8 : 1.8 * (k + 10) / 20.0);
  }
  auto r = run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 0.18, high: 1.62}}",
                       {{"d", d}, {"o", out}});
  CHECK(r.at("c.at") == doctest::Approx(0));       // the ramp's middle, between the points at -2 and 2
  CHECK(r.at("c.width") == doctest::Approx(16));   // 10 % to 90 % of the ramp
  CHECK(r.at("c.crossings") == 1);
  CHECK(r.at("c.delay") == doctest::Approx(50));   // from the sweep's start at -50
  // From a later point on: a transient's decision after its step.
  auto later = run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 0.18, high: 1.62, from: -20}}",
                           {{"d", d}, {"o", out}});
  CHECK(later.at("c.at") == doctest::Approx(0));
  CHECK(later.at("c.delay") == doctest::Approx(20));
  CHECK_THROWS_AS(run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 0.18, high: 1.62, from: 20}}",
                              {{"d", d}, {"o", out}}),
                  MeasureError);  // after the decision: no crossing left
  SimVector ringing = out;
  ringing.real[20] = 0.1;  // the output falls back below the level once and returns: three crossings
  CHECK(run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 0.18, high: 1.62}}",
                    {{"d", d}, {"o", ringing}})
            .at("c.crossings") == 3);
  SimVector stuck = out;
  for (auto& v : stuck.real) v = 0.2;  // never decides
  CHECK_THROWS_AS(run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 0.18, high: 1.62}}",
                              {{"d", d}, {"o", stuck}}),
                  MeasureError);
  CHECK_THROWS_AS(run_measure("{name: c, function: crossing, args: {x: d, y: o, level: 0.9, low: 1.62, high: 0.18}}",
                              {{"d", d}, {"o", out}}),
                  MeasureError);
}

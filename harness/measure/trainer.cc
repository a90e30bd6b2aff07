#include "trainer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "config_error.h"
#include "device_extraction.h"
#include "spice_value.h"

namespace logsgd {

namespace {

Dataset parse_dataset(const YamlNode& node, const std::filesystem::path& base_dir) {
  node.expect_keys({"synthetic", "features", "target", "samples"});
  Dataset data;
  if (auto synthetic = node.find("synthetic")) {
    synthetic->expect_keys({"samples", "weights", "bias", "noise", "seed"});
    data = synthetic_linear("synthetic", static_cast<int>(synthetic->at("samples").as_integer()),
                            synthetic->at("weights").as_numbers(), synthetic->number_or("bias", 0),
                            synthetic->number_or("noise", 0), static_cast<unsigned long>(synthetic->number_or("seed", 1)));
  } else {
    auto target = node.find("target");
    data = load_dataset(base_dir / node.at("features").as_string(),
                        target ? base_dir / target->as_string() : std::filesystem::path());
  }
  if (auto samples = node.find("samples")) {
    long n = samples->as_integer();
    if (n < 1 || n > data.samples()) samples->fail(fmt::format("samples is 1 to {}", data.samples()));
    data.x = data.x.topRows(n).eval();
    data.y = data.y.head(n).eval();
  }
  if (data.samples() < 1) node.fail("the data set is empty");
  return data;
}

// Linear interpolation of a vector at time t.
double value_at(const std::vector<double>& time, const std::vector<double>& values, double t) {
  auto upper = std::lower_bound(time.begin(), time.end(), t);
  if (upper == time.begin()) return values.front();
  if (upper == time.end()) return values.back();
  std::size_t k = static_cast<std::size_t>(upper - time.begin());
  double f = (t - time[k - 1]) / (time[k] - time[k - 1]);
  return values[k - 1] + f * (values[k] - values[k - 1]);
}

const std::vector<double>& vector_named(const std::map<std::string, SimVector>& vectors, const std::string& name) {
  auto found = vectors.find(name);
  if (found == vectors.end()) throw std::runtime_error(fmt::format("vector '{}' was not simulated", name));
  return found->second.real;
}

SgdrSchedule schedule_for(const TrainerSetup& setup, const std::map<std::string, double>& parameters, double temperature_c) {
  return {setup.tau_at(parameters, temperature_c), setup.lambda.resolve(parameters), setup.sample_time, setup.epochs,
          setup.start_time, setup.bias, setup.bias_input.resolve(parameters)};
}

WeightTrajectories circuit_weights(const TrainerSetup& setup, const std::map<std::string, SimVector>& vectors) {
  WeightTrajectories circuit;
  circuit.time = vector_named(vectors, "time");
  for (const auto& name : setup.weights) circuit.weights.push_back(vector_named(vectors, name));
  return circuit;
}

}  // namespace

TrainerSetup TrainerSetup::at(const std::map<std::string, double>& parameters) const {
  TrainerSetup resolved = *this;
  resolved.sample_time = sample_time_quantity.resolve(parameters);
  resolved.start_time = start_quantity.resolve(parameters);
  resolved.readout_delay = readout_delay_quantity.resolve(parameters);
  if (!(resolved.sample_time > 0) || !(resolved.start_time > 0))
    throw ConfigError(fmt::format("trainer sample_time ({:g} s) and start ({:g} s) must be positive",
                                  resolved.sample_time, resolved.start_time));
  if (!(resolved.readout_delay >= 0))
    throw ConfigError(fmt::format("trainer readout_delay ({:g} s) must not be negative", resolved.readout_delay));
  if (resolved.forward_readout && resolved.readout_delay > resolved.probe_slots() * resolved.sample_time)
    throw ConfigError(fmt::format("trainer readout_delay ({:g} s) ends after the forward read-out's probes ({:g} s)",
                                  resolved.readout_delay, resolved.probe_slots() * resolved.sample_time));
  return resolved;
}

int TrainerSetup::probes() const {
  if (!forward_readout) return 0;
  return static_cast<int>(forward_probe_sequence(data.features(), bias, chop).size());
}

double TrainerSetup::tau_at(const std::map<std::string, double>& parameters, double temperature_c) const {
  if (tau) return tau->resolve(parameters);
  return weight_scale * slope_factor * capacitance->resolve(parameters) * thermal_voltage(temperature_c) /
         current->resolve(parameters);
}

std::vector<std::string> TrainerSetup::vectors() const {
  std::vector<std::string> names{"time"};
  names.insert(names.end(), weights.begin(), weights.end());
  if (!supply_source.empty()) names.push_back("i(" + supply_source + ")");
  if (in_situ_error) names.push_back(in_situ_error->vector);
  return names;
}

TrainerSetup parse_trainer(const YamlNode& node, const std::filesystem::path& base_dir,
                           const std::map<std::string, double>& parameters) {
  node.expect_keys({"dataset", "amplitude", "sample_time", "epochs", "start", "bias", "bias_input", "tau", "slope_factor", "weight_scale",
                    "capacitance", "current", "lambda", "weight_full_scale", "weights", "supply_source",
                    "readout_delay", "in_situ_error", "chop", "forward_readout", "input_dac_levels"});
  TrainerSetup setup;
  setup.amplitude = node.number_or("amplitude", 1);
  if (!(setup.amplitude > 0) || setup.amplitude > 1) node.at("amplitude").fail("amplitude is in (0, 1]");
  Dataset scaled = scaled_to_unit_range(parse_dataset(node.at("dataset"), base_dir));
  scaled.x *= setup.amplitude;
  scaled.y *= setup.amplitude;
  setup.data = scaled;
  if (auto chop = node.find("chop")) setup.chop = chop->as_bool();
  if (setup.chop) setup.data = chopped(scaled);
  if (auto levels = node.find("input_dac_levels")) {
    const auto count = levels->as_integer();
    if (count < 2 || count > (1 << 16)) levels->fail("input_dac_levels is 2 to 65536 (the data DAC's codes)");
    setup.input_dac_levels = static_cast<int>(count);
    setup.data = quantised_to_dac_codes(setup.data, setup.input_dac_levels);
  }
  setup.sample_time_quantity = parse_quantity(node.at("sample_time"), parameters);
  setup.sample_time = setup.sample_time_quantity.resolve(parameters);
  if (!(setup.sample_time > 0)) node.at("sample_time").fail("sample_time must be positive");
  setup.epochs = static_cast<int>(node.at("epochs").as_integer());
  if (setup.epochs < 1) node.at("epochs").fail("epochs must be at least 1");
  setup.start_quantity = setup.sample_time_quantity;
  if (auto start = node.find("start")) setup.start_quantity = parse_quantity(*start, parameters);
  setup.start_time = setup.start_quantity.resolve(parameters);
  if (!(setup.start_time > 0)) node.at("start").fail("start must be positive");
  if (auto delay = node.find("readout_delay")) {
    setup.readout_delay_quantity = parse_quantity(*delay, parameters);
    setup.readout_delay = setup.readout_delay_quantity.resolve(parameters);
    if (!(setup.readout_delay >= 0)) delay->fail("readout_delay must not be negative");
  }
  if (auto bias = node.find("bias")) setup.bias = bias->as_bool();
  if (auto input = node.find("bias_input")) setup.bias_input = parse_quantity(*input, parameters);
  if (auto tau = node.find("tau")) {
    setup.tau = parse_quantity(*tau, parameters);
  } else {
    setup.capacitance = parse_quantity(node.at("capacitance"), parameters);
    setup.current = parse_quantity(node.at("current"), parameters);
    setup.slope_factor = node.number_or("slope_factor", 1);
    setup.weight_scale = node.number_or("weight_scale", 1);
  }
  setup.lambda = parse_quantity(node.at("lambda"), parameters);
  setup.weight_full_scale = node.number_or("weight_full_scale", 2);
  YamlNode weights = node.at("weights");
  setup.weights = weights.as_strings();
  for (const auto& w : setup.weights)
    if (!is_safe_vector_name(w)) weights.fail(fmt::format("'{}' is not a vector name", w));
  if (static_cast<int>(setup.weights.size()) != setup.weight_count())
    weights.fail(fmt::format("{} weight vectors for {} features{}", setup.weights.size(), setup.data.features(),
                             setup.bias ? " and a bias" : ""));
  if (auto error = node.find("in_situ_error")) {
    error->expect_keys({"vector", "offset", "unit", "sign"});
    TrainerSetup::ErrorSignal signal;
    signal.vector = error->at("vector").as_string();
    if (!is_safe_vector_name(signal.vector)) error->at("vector").fail(fmt::format("'{}' is not a vector name", signal.vector));
    if (auto offset = error->find("offset")) signal.offset = parse_quantity(*offset, parameters);
    if (auto unit = error->find("unit")) signal.unit = parse_quantity(*unit, parameters);
    if (auto sign = error->find("sign")) {
      signal.sign = sign->as_number();
      if (signal.sign != 1 && signal.sign != -1) sign->fail("sign is 1 or -1");
    }
    if (!(signal.unit.resolve(parameters) > 0)) error->at("unit").fail("unit must be positive");
    setup.in_situ_error = signal;
  }
  if (auto forward = node.find("forward_readout")) {
    forward->expect_keys({"amplitude", "probe_samples"});
    if (!setup.in_situ_error) forward->fail("the forward read-out reads the in-situ error signal: give in_situ_error");
    TrainerSetup::ForwardReadout readout{forward->number_or("amplitude", setup.amplitude)};
    if (!(readout.amplitude > 0) || readout.amplitude > 1) forward->at("amplitude").fail("amplitude is in (0, 1]");
    if (auto samples = forward->find("probe_samples")) {
      readout.probe_samples = static_cast<int>(samples->as_integer());
      if (readout.probe_samples < 1 || readout.probe_samples > 100) samples->fail("probe_samples is 1 to 100");
    }
    setup.forward_readout = readout;
    if (setup.readout_delay > setup.probe_slots() * setup.sample_time)
      node.at("readout_delay").fail("the storage read-out must fall inside the forward read-out's probes");
  }
  if (auto supply = node.find("supply_source")) {
    setup.supply_source = supply->as_string();
    if (!is_safe_identifier(setup.supply_source)) supply->fail("a source name is letters, digits and _");
  }
  return setup;
}

namespace {

// Times in the stimulus: plain numbers when T_s and the start are numbers; brace expressions of
// the parameters otherwise, so that `alterparam` + `reset` re-times the same netlist per job.
class StimulusClock {
 public:
  explicit StimulusClock(const TrainerSetup& setup)
      : setup_(setup),
        numeric_(setup.sample_time_quantity.value && setup.start_quantity.value && setup.readout_delay_quantity.value),
        half_ramp_divisor_(setup.input_dac_levels > 0 ? 2000000000 : 2000) {}
  // Sample boundary k, shifted by `edges` half-ramps, a ramp centred on the boundary: T_s/1000 for
  // values an ideal DAC in the template turns into currents; T_s/10^9 (0.1 ps at T_s = 100 us) for
  // a chip's data DAC (trainer input_dac_levels), whose register (cells/sample_code) then switches
  // from one code to the next at once: on a ramp it passes through the codes between, each a step
  // of its bit lines that the transient resolves (10 times the time points at T_s/100000, 35 times
  // the run time at T_s/1000).
  std::string boundary(int k, int edges) const {
    if (numeric_)
      return fmt::format("{:.15g}", setup_.start_time + k * setup_.sample_time +
                                        edges * setup_.sample_time / half_ramp_divisor_);
    return fmt::format("{{{}+{}*{}{:+d}*{}/{}}}", name(setup_.start_quantity), k, name(setup_.sample_time_quantity),
                       edges, name(setup_.sample_time_quantity), half_ramp_divisor_);
  }
  // Where the transient stops: the final weights' read-out time, or the forward read-out's last probe.
  std::string stop(int total) const {
    if (numeric_) return fmt::format("{:.9g}", setup_.stop_time());
    if (setup_.forward_readout) return boundary(total + setup_.probe_slots(), 0);
    return fmt::format("{{{}+{}*{}+{}}}", name(setup_.start_quantity), total, name(setup_.sample_time_quantity),
                       name(setup_.readout_delay_quantity));
  }
  std::string sample_fraction(int divisor) const {
    if (numeric_) return fmt::format("{:.9g}", setup_.sample_time / divisor);
    return fmt::format("{{{}/{}}}", name(setup_.sample_time_quantity), divisor);
  }

 private:
  static std::string name(const Quantity& q) { return q.value ? format_spice_number(*q.value) : q.parameter; }
  const TrainerSetup& setup_;
  bool numeric_;
  int half_ramp_divisor_;
};

}  // namespace

std::string trainer_stimulus_source(const std::string& input) { return "vstim_" + input; }

std::vector<std::string> trainer_netlist_lines(const TrainerSetup& setup) {
  std::vector<std::string> lines{"* stimulus: one sample held T_s each, the data set cycled for the epochs"};
  const int total = setup.data.samples() * setup.epochs;
  const int steps = total + setup.probe_slots();
  const int per_probe = setup.forward_readout ? setup.forward_readout->probe_samples : 1;
  const StimulusClock clock(setup);
  // `rest`: the value before the first sample (the inputs at rest: 0; the bias sign: +1). After
  // the samples come the forward read-out's probes (`probe_of`), then the last value is held.
  auto source = [&](const std::string& name, auto value_of, auto probe_of, double rest = 0) {
    std::vector<std::string> points{fmt::format("0 {:.9g}", rest), fmt::format("{} {:.9g}", clock.boundary(0, -1), rest)};
    double previous = rest;
    for (int k = 0; k <= steps; ++k) {
      double value = k < total ? value_of(k % setup.data.samples()) : k < steps ? probe_of((k - total) / per_probe) : previous;
      if (k > 0) points.push_back(fmt::format("{} {:.9g}", clock.boundary(k, -1), previous));
      points.push_back(fmt::format("{} {:.9g}", clock.boundary(k, +1), value));
      previous = value;
    }
    lines.push_back(fmt::format("{} stim_{} 0 PWL(", trainer_stimulus_source(name), name));
    for (std::size_t p = 0; p < points.size(); p += 8) {
      std::string chunk = "+";
      for (std::size_t q = p; q < std::min(points.size(), p + 8); ++q) chunk += " " + points[q];
      lines.push_back(chunk);
    }
    lines.push_back("+ )");
  };
  const int features = setup.data.features();
  const double probe = setup.forward_readout ? setup.forward_readout->amplitude : 0;
  const std::vector<ForwardProbe> probes = forward_probe_sequence(features, setup.bias, setup.chop);
  for (int f = 0; f < features; ++f)
    source(fmt::format("x{}", f + 1), [&](int s) { return setup.data.x(s, f); },
           [&](int j) { return probes[j].feature == f ? probes[j].x_sign * probe : 0.0; });
  source("y", [&](int s) { return setup.data.y(s); }, [](int) { return 0.0; });
  // stim_sign: the bias input's sign, +1 throughout unless the stream is chopped (a template
  // multiplies its bias input by it); the chopped forward read-out's bias probes negate it too.
  source("sign", [&](int s) { return setup.data.bias_sign_of(s); }, [&](int j) { return probes[j].bias_sign; }, 1.0);
  // stim_training: 1 V while samples are presented, 0 V after the last one (the template stops
  // learning with it, so that the final weights are read from a trainer that has stopped).
  lines.push_back(fmt::format("Vstim_training stim_training 0 PWL(0 1 {} 1 {} 0)", clock.boundary(total, -1),
                              clock.boundary(total, +1)));
  // Enough points per sample to resolve each exponential segment.
  lines.push_back(fmt::format(".tran {} {} 0 {}", clock.sample_fraction(50), clock.stop(total),
                              clock.sample_fraction(20)));
  return lines;
}

SgdrReference trainer_reference(const TrainerSetup& nominal, const WeightTrajectories& circuit,
                                const std::map<std::string, double>& parameters, double temperature_c) {
  const TrainerSetup setup = nominal.at(parameters);
  Eigen::VectorXd initial(setup.weight_count());
  for (int i = 0; i < setup.weight_count(); ++i) initial(i) = value_at(circuit.time, circuit.weights[i], setup.start_time);
  return SgdrReference(setup.data, schedule_for(setup, parameters, temperature_c), initial);
}

std::string final_error_name(std::size_t weight_index) { return fmt::format("final_error_{}", weight_index + 1); }

TrainerOutcome measure_trainer(const TrainerSetup& nominal, const std::map<std::string, SimVector>& vectors,
                               const std::map<std::string, double>& parameters, double temperature_c) {
  const TrainerSetup setup = nominal.at(parameters);
  TrainerOutcome outcome;
  outcome.circuit = circuit_weights(setup, vectors);
  SgdrReference reference = trainer_reference(setup, outcome.circuit, parameters, temperature_c);
  TrainerMetrics m = trainer_metrics(outcome.circuit, reference, setup.data, setup.lambda.resolve(parameters),
                                     setup.weight_full_scale, setup.start_time, setup.end_time(), setup.readout_time());
  const double tau = setup.tau_at(parameters, temperature_c);
  auto& v = outcome.values;
  v = {{"nmse_percent", m.nmse_percent},
       {"effective_bits", m.effective_bits},
       {"final_rms_vs_ideal", m.final_rms_vs_ideal},
       {"final_rms_vs_ridge", m.final_rms_vs_ridge},
       {"prediction_mse", m.prediction_mse},
       {"ideal_prediction_mse", m.ideal_prediction_mse},
       {"tau", tau},
       {"eta", setup.sample_time / tau},
       {"lambda", setup.lambda.resolve(parameters)},
       {"sample_time", setup.sample_time},
       {"training_time", setup.end_time() - setup.start_time},
       {"readout_delay", setup.readout_delay}};
  if (const auto& signal = setup.in_situ_error) {
    const double offset = signal->offset.resolve(parameters), unit = signal->unit.resolve(parameters);
    std::vector<double> error;
    for (double value : vector_named(vectors, signal->vector)) error.push_back(signal->sign * (value - offset) / unit);
    InSituError in_situ = in_situ_error(outcome.circuit.time, error, reference, setup.data, setup.start_time,
                                        setup.sample_time, setup.epochs);
    v["in_situ_mse"] = in_situ.chip_mse;
    v["ideal_residual_mse"] = in_situ.ideal_mse;
    v["in_situ_mse_ratio"] = in_situ.chip_mse / in_situ.ideal_mse;
    if (setup.forward_readout) {
      // The final weights as the forward path applies them; the storage read-out's bits stay as
      // information (their difference is the forward path's gain and offset, which learning absorbs).
      v["storage_effective_bits"] = m.effective_bits;
      for (std::size_t i = 0; i < m.final_error.size(); ++i) v["storage_" + final_error_name(i)] = m.final_error[i];
      ForwardProbes probes{setup.end_time(), setup.forward_readout->probe_samples * setup.sample_time,
                           setup.sample_time / 2, setup.forward_readout->amplitude, setup.bias_input.resolve(parameters),
                           setup.data.features(), setup.bias, setup.chop};
      const ForwardReadResult read = forward_readout(outcome.circuit.time, error, probes);
      const Eigen::VectorXd& forward = read.weights;
      if (setup.chop) v["forward_offset"] = read.offset;
      Eigen::VectorXd ideal(forward.size());
      for (Eigen::Index i = 0; i < forward.size(); ++i) ideal(i) = reference.at(read.times(i))(i);
      set_final_weights(m, forward, ideal, reference, setup.data, setup.lambda.resolve(parameters),
                        setup.weight_full_scale);
      v["effective_bits"] = m.effective_bits;
      v["final_rms_vs_ideal"] = m.final_rms_vs_ideal;
      v["final_rms_vs_ridge"] = m.final_rms_vs_ridge;
      v["prediction_mse"] = m.prediction_mse;
      v["ideal_prediction_mse"] = m.ideal_prediction_mse;
    }
  }
  for (std::size_t i = 0; i < m.final_error.size(); ++i) v[final_error_name(i)] = m.final_error[i];
  if (!setup.supply_source.empty()) {
    // Mean of VDD * I(VDD) over the training window (time-weighted).
    const auto& time = outcome.circuit.time;
    const auto& current = vector_named(vectors, "i(" + setup.supply_source + ")");
    const double vdd = parameters.at(setup.supply_parameter);
    double energy = 0, covered = 0;
    for (std::size_t k = 1; k < time.size(); ++k) {
      if (time[k - 1] < setup.start_time || time[k] > setup.end_time()) continue;
      double dt = time[k] - time[k - 1];
      energy += vdd * 0.5 * std::fabs(current[k] + current[k - 1]) * dt;
      covered += dt;
    }
    if (!(covered > 0)) throw std::runtime_error("no time points in the training window for the power");
    const double power = energy / covered;
    const double synapses = setup.weight_count();
    v["power"] = power;
    v["power_per_synapse"] = power / synapses;
    v["energy_per_sample_per_synapse"] = power / synapses * setup.sample_time;
  }
  return outcome;
}

TrainerCurves trainer_curves(const TrainerSetup& nominal, const std::map<std::string, SimVector>& vectors,
                             const std::map<std::string, double>& parameters, double temperature_c) {
  const TrainerSetup setup = nominal.at(parameters);
  TrainerCurves curves;
  WeightTrajectories circuit = circuit_weights(setup, vectors);
  SgdrReference reference = trainer_reference(setup, circuit, parameters, temperature_c);
  for (int i = 0; i < setup.weight_count(); ++i) {
    std::string name = setup.bias && i == setup.weight_count() - 1 ? "b" : fmt::format("w{}", i + 1);
    PlotSeries c{name + " circuit", circuit.time, circuit.weights[i], temperature_c, i + 1, false};
    PlotSeries ideal{name + " ideal", circuit.time, {}, temperature_c, i + 1, true};
    for (double t : circuit.time) ideal.y.push_back(reference.at(t)(i));
    curves.weights.push_back(std::move(c));
    curves.weights.push_back(std::move(ideal));
  }
  PlotSeries loss_c{"circuit", {}, {}, temperature_c, 1, false}, loss_i{"ideal", {}, {}, temperature_c, 2, true};
  auto loss = [&](const Eigen::VectorXd& w) {
    double sum = 0;
    for (int s = 0; s < setup.data.samples(); ++s) {
      double e = setup.data.y(s) - reference.input(s).dot(w);
      sum += e * e;
    }
    return sum / setup.data.samples();
  };
  const int total = setup.data.samples() * setup.epochs;
  const int stride = std::max(1, total / 400);
  // The error at the end of every sample (and at the read-out): within a sample a clocked circuit
  // holds and then catches up with the continuous-time ideal, a ripple of T_s that says nothing
  // about what it has learned; at the sample ends both have integrated the same sample.
  std::vector<double> ends;
  for (int k = 1; k <= total; k += stride) ends.push_back(setup.start_time + k * setup.sample_time);
  if (setup.readout_time() > ends.back()) ends.push_back(setup.readout_time());
  for (int i = 0; i < setup.weight_count(); ++i) {
    std::string name = setup.bias && i == setup.weight_count() - 1 ? "b" : fmt::format("w{}", i + 1);
    PlotSeries error{name + " circuit - ideal", {}, {}, temperature_c, i + 1, false};
    for (double t : ends) {
      if (t > circuit.time.back()) break;
      error.x.push_back(t);
      error.y.push_back(value_at(circuit.time, circuit.weights[i], t) - reference.at(t)(i));
    }
    curves.errors.push_back(std::move(error));
  }
  for (int k = 0; k <= total; k += stride) {
    double t = setup.start_time + k * setup.sample_time;
    Eigen::VectorXd w(setup.weight_count());
    for (int i = 0; i < setup.weight_count(); ++i) w(i) = value_at(circuit.time, circuit.weights[i], t);
    loss_c.x.push_back(t);
    loss_c.y.push_back(loss(w));
    loss_i.x.push_back(t);
    loss_i.y.push_back(loss(reference.at(t)));
  }
  curves.loss = {loss_c, loss_i};
  return curves;
}

}  // namespace logsgd
